import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { isAppError } from '@/lib/errors';
import { localeTags } from '@/lib/i18n/locales';
import { getOutboxMessage } from '@/lib/outbox/staff-outbox';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../../_components/require-staff-page';

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage();
  const t = await getTranslations({ locale: actor.locale, namespace: 'staff' });
  const security = await getTranslations({ locale: actor.locale, namespace: 'staffSecurity' });
  const message = await getOutboxMessage({ db: getDb(), actor: toActor(actor) }, (await params).id).catch((error) => {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  });
  return (
    <div className="space-y-3">
      {/* The email is in the customer's language, not the staff member's: marked so a screen reader reads it so. */}
      <h1 className="text-xl font-semibold" lang={message.locale ? localeTags[message.locale] : undefined}>
        {message.subject}
      </h1>
      <dl className="grid max-w-xl grid-cols-[10rem_1fr] gap-1 text-sm">
        <dt>{t('outbox.recipient')}</dt>
        <dd>{message.recipient}</dd>
        <dt>{t('outbox.language')}</dt>
        <dd>{message.locale ?? '—'}</dd>
        <dt>{t('outbox.status')}</dt>
        <dd>{t(`outbox.statuses.${message.status}`)}</dd>
        <dt>{t('outbox.kind')}</dt>
        <dd>{message.kind}</dd>
        {message.attachments.length > 0 && (
          <>
            <dt>{t('outbox.attachments')}</dt>
            <dd>
              <ul data-testid="outbox-attachments">
                {message.attachments.map((name, i) => (
                  <li key={i}>{name}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {message.audience === 'staff' && <p className="max-w-3xl text-sm">{security('outboxHidden')}</p>}
      {/* The email's own HTML, fully sandboxed: no scripts, no same-origin access, no forms. */}
      <iframe title={t('outbox.preview')} sandbox="" srcDoc={message.html} className="h-[36rem] w-full max-w-3xl rounded border border-[var(--color-line)] bg-white" />
      <details>
        <summary>{t('outbox.plainText')}</summary>
        <pre lang={message.locale ? localeTags[message.locale] : undefined} className="whitespace-pre-wrap rounded border border-[var(--color-line)] bg-white p-3 text-sm">
          {message.text}
        </pre>
      </details>
    </div>
  );
}
