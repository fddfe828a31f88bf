import 'server-only';
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { casePresence, cases, staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { z } from 'zod';

/**
 * Who has a case open on the desk, shared by every web server through PostgreSQL (table case_presence).
 *
 * A row per live stream (one browser tab on a case page, app/staff/api/live): the server that holds the
 * stream inserts it, refreshes `expires_at` every HEARTBEAT_MS and deletes it when the stream closes; a row
 * whose server died is ignored once `expires_at` passes (PRESENCE_TTL_MS) and swept later. Typing is a
 * short lease on the agent's rows (`typing_until`), renewed by the composer while the agent types.
 * Each change NOTIFYs `p:<case id>` on the live channel so every server pushes the new list at once.
 * Presence is not case data: it writes no audit event (a heartbeat every few seconds would drown the trail).
 */
export const STAFF_LIVE_CHANNEL = 'paluu_staff_live';
export const HEARTBEAT_MS = 10_000;
export const PRESENCE_TTL_MS = 30_000;
export const TYPING_TTL_MS = 8_000;

export type PresenceEntry = { staffId: string; name: string; state: 'viewing' | 'typing' };

async function notifyPresence(db: DbOrTx, caseId: string) {
  await db.execute(sql`select pg_notify(${STAFF_LIVE_CHANNEL}, ${`p:${caseId}`})`);
}

/** A live stream opened on the case: the agent is viewing it. not_found for a case that does not exist. */
export async function joinCase(ctx: Ctx, input: { streamId: string; caseId: string }): Promise<void> {
  const actor = authorize(ctx.actor, 'cases.work');
  const [row] = await ctx.db.select({ id: cases.id }).from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new AppError('not_found');
  await ctx.db
    .insert(casePresence)
    .values({ id: input.streamId, caseId: input.caseId, staffId: actor.staffId, expiresAt: sql`now() + ${`${PRESENCE_TTL_MS} milliseconds`}::interval` })
    .onConflictDoUpdate({ target: casePresence.id, set: { expiresAt: sql`excluded.expires_at` } });
  await notifyPresence(ctx.db, input.caseId);
}

/** The streams this server holds are still open: one statement for all of them. Also sweeps dead rows. */
export async function heartbeatPresence(db: DbOrTx, streamIds: string[]): Promise<void> {
  if (streamIds.length > 0) {
    await db
      .update(casePresence)
      .set({ expiresAt: sql`now() + ${`${PRESENCE_TTL_MS} milliseconds`}::interval` })
      .where(inArray(casePresence.id, streamIds));
  }
  await db.delete(casePresence).where(lt(casePresence.expiresAt, sql`now() - interval '5 minutes'`));
}

/** The stream closed (tab closed, navigated away, server stopping). */
export async function leaveCase(db: DbOrTx, streamId: string): Promise<void> {
  const [row] = await db.delete(casePresence).where(eq(casePresence.id, streamId)).returning({ caseId: casePresence.caseId });
  if (row) await notifyPresence(db, row.caseId);
}

export const typingSchema = z.object({ caseId: z.uuid(), typing: z.boolean() });

/** The composer: the agent is typing (a short lease, renewed while typing) or stopped. */
export async function setTyping(ctx: Ctx, input: z.input<typeof typingSchema>): Promise<void> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = typingSchema.parse(input);
  const rows = await ctx.db
    .update(casePresence)
    .set({ typingUntil: data.typing ? sql`now() + ${`${TYPING_TTL_MS} milliseconds`}::interval` : null })
    .where(and(eq(casePresence.caseId, data.caseId), eq(casePresence.staffId, actor.staffId), gt(casePresence.expiresAt, sql`now()`)))
    .returning({ id: casePresence.id });
  if (rows.length > 0) await notifyPresence(ctx.db, data.caseId);
}

/** Who is on each of these cases now (one row per agent, typing wins over viewing), by name. */
export async function presenceOf(db: DbOrTx, caseIds: string[]): Promise<Map<string, PresenceEntry[]>> {
  const out = new Map<string, PresenceEntry[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return out;
  const rows = await db
    .select({
      caseId: casePresence.caseId,
      staffId: casePresence.staffId,
      name: staffUsers.name,
      typing: sql<boolean>`bool_or(coalesce(${casePresence.typingUntil} > now(), false))`,
    })
    .from(casePresence)
    .innerJoin(staffUsers, eq(staffUsers.id, casePresence.staffId))
    .where(and(inArray(casePresence.caseId, caseIds), gt(casePresence.expiresAt, sql`now()`)))
    .groupBy(casePresence.caseId, casePresence.staffId, staffUsers.name)
    .orderBy(asc(staffUsers.name));
  for (const r of rows) out.get(r.caseId)?.push({ staffId: r.staffId, name: r.name, state: r.typing ? 'typing' : 'viewing' });
  return out;
}
