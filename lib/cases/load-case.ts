import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { type Case, cases } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** Locks the case row for this transaction, or not_found. */
export async function lockCase(tx: Tx, caseId: string): Promise<Case> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!row) throw new AppError('not_found');
  return row;
}

/** The fields an agent edits, as the conflict answer shows them. */
export function editableSnapshot(row: Case) {
  return { version: row.version, status: row.status, priority: row.priority, tags: row.tags, assigneeId: row.assigneeId };
}

/** Optimistic locking: the agent saved on top of an older version → 409 with what is there now. */
export function assertVersion(row: Case, expected: number): void {
  if (row.version !== expected) throw new AppError('conflict', 'The case was changed by someone else', { details: { current: editableSnapshot(row) } });
}
