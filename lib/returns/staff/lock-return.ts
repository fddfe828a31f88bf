import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cases, returns, type Return } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { nextReturnStatus, type ReturnEvent, type ReturnStatus } from '../state';

/** The return row, locked for this transaction, with the status `event` leads to (or invalid_state). */
export async function lockReturnFor(tx: Tx, returnId: string, event: ReturnEvent): Promise<{ r: Return; next: ReturnStatus; caseId: string | null }> {
  const [r] = await tx.select().from(returns).where(eq(returns.id, returnId)).for('update').limit(1);
  if (!r) throw new AppError('not_found');
  const next = nextReturnStatus(r.status, event);
  if (!next) throw new AppError('invalid_state', `A ${r.status} return cannot ${event}.`, { details: { reason: 'wrong_status', status: r.status } });
  const [kase] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, r.id)).limit(1);
  return { r, next, caseId: kase?.id ?? null };
}
