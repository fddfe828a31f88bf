import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { outbox, type EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';

export const OUTBOX_CHANNEL = 'paluu_outbox';

export type EnqueueEmailInput = {
  kind: string;
  /** One message per key, ever: a retried use case cannot send twice. */
  dedupeKey: string;
  locale?: Locale;
  orderId?: string;
  caseId?: string;
  email: EmailPayload;
};

/**
 * Queues an email in the caller's transaction: it leaves only if the change commits.
 * Returns the outbox id, or null when a message with this dedupe key already exists.
 */
export async function enqueueEmail(db: DbOrTx, input: EnqueueEmailInput): Promise<string | null> {
  const [row] = await db
    .insert(outbox)
    .values({
      kind: input.kind,
      dedupeKey: input.dedupeKey,
      recipient: input.email.to,
      subject: input.email.subject,
      locale: input.locale,
      payload: input.email,
      orderId: input.orderId,
      caseId: input.caseId,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  // NOTIFY is delivered at commit, so the worker wakes up exactly when the row is visible.
  if (row) await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, ${row.id})`);
  return row?.id ?? null;
}
