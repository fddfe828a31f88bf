import 'server-only';
import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { outbox } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { authorize, can } from '@/lib/core/authorize';

export const OUTBOX_PAGE_SIZE = 30;

export const outboxQuerySchema = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'captured', 'failed']).optional().catch(undefined),
  locale: z.enum(['fi', 'sv', 'en', 'da', 'nb']).optional().catch(undefined),
  to: z.string().trim().max(320).optional().catch(undefined),
  kind: z.string().trim().max(64).regex(/^[a-z_.]+$/).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

/**
 * Agents read customer mail only; mail to staff members (invitations, security notices) is for admins.
 * Nobody reads a one-time secret here: it is never in the stored body (lib/outbox/outbox-secrets.ts).
 */
function audienceFor(actor: Extract<Actor, { type: 'staff' }>): SQL | undefined {
  return can(actor, 'outbox.readStaffMail') ? undefined : eq(outbox.audience, 'customer');
}

/** Every email the system sent or captured, newest first (keyset on created_at, id). */
export async function listOutbox(ctx: { db: DbOrTx; actor: Actor }, query: OutboxQuery) {
  const actor = authorize(ctx.actor, 'outbox.read');
  const where: SQL[] = [];
  const audience = audienceFor(actor);
  if (audience) where.push(audience);
  if (query.status) where.push(eq(outbox.status, query.status));
  if (query.locale) where.push(eq(outbox.locale, query.locale));
  if (query.kind) where.push(eq(outbox.kind, query.kind));
  if (query.to) where.push(sql`lower(${outbox.recipient}) = ${query.to.toLowerCase()}`);
  if (query.after) {
    try {
      const [at, id] = JSON.parse(Buffer.from(query.after, 'base64url').toString()) as [string, string];
      const date = new Date(at);
      if (!Number.isNaN(date.getTime()) && /^[0-9a-f-]{36}$/.test(id)) where.push(or(lt(outbox.createdAt, date), and(eq(outbox.createdAt, date), lt(outbox.id, id)))!);
    } catch {
      // A broken cursor shows the first page.
    }
  }
  const rows = await ctx.db
    .select({ id: outbox.id, kind: outbox.kind, recipient: outbox.recipient, subject: outbox.subject, locale: outbox.locale, status: outbox.status, attempts: outbox.attempts, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
    .from(outbox)
    .where(and(...where))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE + 1);
  const page = rows.slice(0, OUTBOX_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null })),
    nextCursor: rows.length > OUTBOX_PAGE_SIZE && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url') : null,
  };
}

export async function getOutboxMessage(ctx: { db: DbOrTx; actor: Actor }, id: string) {
  const actor = authorize(ctx.actor, 'outbox.read');
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found');
  // A message the actor may not read is indistinguishable from one that does not exist.
  const [row] = await ctx.db.select().from(outbox).where(and(eq(outbox.id, id), audienceFor(actor)));
  if (!row) throw new AppError('not_found');
  return { id: row.id, kind: row.kind, audience: row.audience, recipient: row.recipient, subject: row.subject, locale: row.locale, status: row.status, attempts: row.attempts, lastError: row.lastError, createdAt: row.createdAt.toISOString(), sentAt: row.sentAt?.toISOString() ?? null, html: row.payload.html, text: row.payload.text, attachments: (row.payload.attachments ?? []).map((a) => a.filename) };
}
