import { and, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { teams } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** Team names are unique whatever their case ("Svenska" and "svenska" would read as one team in the queue). */
export async function assertTeamNameFree(tx: Tx, name: string, exceptTeamId: string | null = null): Promise<void> {
  const [taken] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`lower(${teams.name}) = lower(${name})`, exceptTeamId ? ne(teams.id, exceptTeamId) : undefined))
    .limit(1);
  if (taken) throw new AppError('conflict', 'A team of that name exists', { details: { reason: 'teamNameTaken' } });
}
