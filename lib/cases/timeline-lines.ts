/**
 * One line per change on the case timeline. A change writes one event, but a few changes write a second one for
 * another reader in the same transaction: resolving writes `case.updated` (for automation rules) and
 * `case.resolved` (for merchants); an auto-close writes `automation.auto_closed` and `case.resolved`; a rule's
 * action writes `automation.applied` (which rule, what it did) and `case.updated` (for the other rules). The
 * timeline shows the line that says more and leaves out its twin. Rows of one transaction share their time (the
 * database's now()), which is how the twins are found.
 */
export type TimelineRow = { type: string; data: unknown; createdAt: Date | string };

const at = (row: TimelineRow) => new Date(row.createdAt).getTime();
const statusTo = (data: unknown) => (data as { changes?: { status?: { to?: unknown } } } | null)?.changes?.status?.to;
const source = (data: unknown) => (data as { source?: unknown } | null)?.source;

export function oneLinePerChange<T extends TimelineRow>(rows: readonly T[]): T[] {
  const byTime = new Map<number, T[]>();
  for (const row of rows) byTime.set(at(row), [...(byTime.get(at(row)) ?? []), row]);
  return rows.filter((row) => {
    const same = byTime.get(at(row))!;
    if (row.type === 'case.resolved') return !same.some((o) => (o.type === 'case.updated' && statusTo(o.data) === 'resolved') || o.type === 'automation.auto_closed');
    if (row.type === 'case.updated' && source(row.data) === 'automation') return !same.some((o) => o.type === 'automation.applied');
    return true;
  });
}
