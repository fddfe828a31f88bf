import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { listQueue, listQueuePickers } from '@/lib/cases/queue';
import { queueQuerySchema } from '@/lib/cases/schemas';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from './_components/require-staff-page';
import { QueueTable } from './_components/queue-table';
import { SlaTile } from './_components/sla-tile';
import { ScopedIntl } from './_ui/scoped-intl';

/** What the queue table reads in the browser (with its SLA badges and the refund and ship-now tags). */
const QUEUE_MESSAGES = ['staff.queue', 'staff.desk.queue', 'staff.sla', 'refunds.desk.queueBadge', 'shipNow.staff.queueTag'];

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaffPage();
  const [t, tAdmin] = await Promise.all([
    getTranslations({ locale: actor.locale, namespace: 'staff.queue' }),
    getTranslations({ locale: actor.locale, namespace: 'staffAdmin' }),
  ]);
  const raw = Object.fromEntries(Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const query = queueQuerySchema.parse(raw);
  const search = Object.fromEntries(Object.entries({ ...query }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const db = getDb();
  const [initial, { staff, teams }] = await Promise.all([listQueue({ db, actor: toActor(actor) }, query), listQueuePickers({ db, actor: toActor(actor) })]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <SlaTile locale={actor.locale} />
      </div>
      {raw.denied === 'settings' && (
        // An agent who opened a settings page lands here (the settings layout is admin-only).
        <p role="status" data-testid="admin-only" className="rounded border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
          {tAdmin('adminOnly')}
        </p>
      )}
      <ScopedIntl namespaces={QUEUE_MESSAGES}>
        <QueueTable initial={initial} search={search} me={actor.staffId} staff={staff} teams={teams} />
      </ScopedIntl>
    </div>
  );
}
