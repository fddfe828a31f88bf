import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { fileSizeLabel } from '@/lib/cases/attachment-rules';
import { getCustomerConversation } from '@/lib/cases/customer-conversation';
import { regionalFormat } from '@/lib/i18n/format';
import { localeTags, toLocale } from '@/lib/i18n/locales';
import { getShopSettings } from '@/lib/settings/shop';
import { AnswerForm } from './answer-form';

// The token is a credential: never send it onwards in a Referer.
export const metadata: Metadata = { referrer: 'no-referrer', robots: { index: false, follow: false } };

/** The page a reply email links to: the conversation so far and a box for the customer's answer. */
export default async function CustomerMessagesPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale: raw, token } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const t = await getTranslations('caseReply.page');
  const shop = await getShopSettings();
  const conversation = await getCustomerConversation(getDb(), decodeURIComponent(token));
  if (!conversation) {
    return (
      <div className="rounded-xl border border-[var(--color-line)] bg-white p-5">
        <h1 className="text-xl font-semibold">{t('title', { shop: shop.name })}</h1>
        <p className="mt-3">{t('invalidLink')}</p>
      </div>
    );
  }
  const format = regionalFormat(locale);
  const { caseReply } = await getMessages();
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-semibold">{t('title', { shop: shop.name })}</h1>
      <ol className="space-y-3">
        {conversation.messages.map((m) => (
          <li key={m.id} className={`rounded-xl border border-[var(--color-line)] p-4 ${m.kind === 'reply' ? 'bg-white' : 'bg-[#eef5f2]'}`}>
            <p className="text-sm text-[var(--color-muted)]">
              {m.kind === 'reply' ? t('ourMessage') : t('yourMessage')} · {format.moment(m.createdAt, shop.timeZone)}
            </p>
            <p className="mt-1 whitespace-pre-wrap">{m.body}</p>
            {m.attachments.length > 0 && (
              <ul aria-label={t('attachments')} className="mt-2 space-y-1" data-testid="reply-attachments">
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a className="inline-flex min-h-11 items-center underline" href={`/api/messages/${encodeURIComponent(token)}/files/${a.id}`} target="_blank" rel="noopener noreferrer">
                      {t('attachment', { filename: a.filename, size: fileSizeLabel(localeTags[locale], a.sizeBytes) })}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <NextIntlClientProvider messages={{ caseReply }}>
        <AnswerForm token={decodeURIComponent(token)} />
      </NextIntlClientProvider>
    </div>
  );
}
