import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/core/locales';
import { currentRequestId } from '@/lib/core/request-context';
import { containsSecret, type OutboxSecret, sealOutboxSecrets } from './outbox-secrets';

export const OUTBOX_CHANNEL = 'paluu_outbox';

export type EnqueueEmailInput = {
  kind: string;
  /** One message per key, ever: a retried use case cannot send twice. */
  dedupeKey: string;
  locale?: Locale;
  orderId?: string;
  caseId?: string;
  email: EmailPayload;
  /** `staff`: mail to a staff member, which agents never see in the Outbox view. Default `customer`. */
  audience?: 'customer' | 'staff';
  /**
   * One-time secrets: `email` carries each `placeholder` where the secret belongs; the values are
   * stored sealed and only the SMTP copy gets them (lib/outbox/outbox-secrets.ts).
   */
  secrets?: ReadonlyArray<OutboxSecret>;
};

/**
 * Queues an email in the caller's transaction: it leaves only if the change commits.
 * Returns the outbox id, or null when a message with this dedupe key already exists.
 */
export async function enqueueEmail(db: DbOrTx, input: EnqueueEmailInput): Promise<string | null> {
  const secrets = input.secrets ?? [];
  // A secret must never reach the readable body: refuse rather than store it.
  if (containsSecret(input.email, secrets)) throw new Error(`outbox: ${input.kind} carries a one-time secret in its readable body`);
  const sealed = await sealOutboxSecrets(db, secrets);
  // One round trip: the insert and its NOTIFY (delivered at commit, so the worker wakes up exactly
  // when the row is visible). Ingest queues many of these inside one batch.
  const rows = await db.execute<{ id: string }>(sql`
    with inserted as (
      insert into outbox (kind, dedupe_key, recipient, subject, locale, payload, order_id, case_id, audience, sealed_secrets, request_id)
      values (${input.kind}, ${input.dedupeKey}, ${input.email.to}, ${input.email.subject}, ${input.locale ?? null}::locale,
              ${JSON.stringify(input.email)}::jsonb, ${input.orderId ?? null}::uuid, ${input.caseId ?? null}::uuid,
              ${input.audience ?? 'customer'}, ${sealed}, ${currentRequestId() ?? null})
      on conflict (dedupe_key) do nothing
      returning id
    )
    select id, pg_notify(${OUTBOX_CHANNEL}, id::text) from inserted`);
  return rows[0]?.id ?? null;
}

/**
 * `enqueueEmail` for many messages in one statement (ingest's milestone emails). Messages whose dedupe
 * key exists already are skipped; returns how many were queued.
 */
export async function enqueueEmails(db: DbOrTx, inputs: ReadonlyArray<EnqueueEmailInput>): Promise<number> {
  if (inputs.length === 0) return 0;
  // Bulk mail is customer mail without secrets; those go through `enqueueEmail`.
  if (inputs.some((i) => (i.secrets?.length ?? 0) > 0 || i.audience === 'staff')) throw new Error('outbox: enqueueEmails takes customer mail without secrets only');
  const requestId = currentRequestId() ?? null;
  const rows = inputs.map((input) => ({
    kind: input.kind,
    dedupe_key: input.dedupeKey,
    recipient: input.email.to,
    subject: input.email.subject,
    locale: input.locale ?? null,
    payload: input.email,
    order_id: input.orderId ?? null,
    case_id: input.caseId ?? null,
    request_id: requestId,
  }));
  const inserted = await db.execute<{ id: string }>(sql`
    with inserted as (
      insert into outbox (kind, dedupe_key, recipient, subject, locale, payload, order_id, case_id, request_id)
      select r.kind, r.dedupe_key, r.recipient, r.subject, r.locale::locale, r.payload, r.order_id, r.case_id, r.request_id
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(kind text, dedupe_key text, recipient text, subject text, locale text, payload jsonb, order_id uuid, case_id uuid, request_id text)
      on conflict (dedupe_key) do nothing
      returning id
    )
    select id, pg_notify(${OUTBOX_CHANNEL}, id::text) from inserted`);
  return inserted.length;
}
