/**
 * Three-way merge of a case's tags: what this agent saw (`base`), what they want (`mine`) and what is
 * there now (`theirs`, someone else's save in between). The tags this agent added or removed are
 * applied on top of theirs; the other agent's tags stay unless this agent removed them explicitly.
 * Pure, so the form shows the same result the server saves.
 */
export function mergeTags(base: readonly string[], mine: readonly string[], theirs: readonly string[]): string[] {
  const seen = new Set(base);
  const wanted = new Set(mine);
  const added = mine.filter((t) => !seen.has(t));
  const removed = new Set(base.filter((t) => !wanted.has(t)));
  return [...new Set([...theirs, ...added])].filter((t) => !removed.has(t)).sort();
}

/** A field someone else changed since the agent opened the case, with the value it has now. */
export type CaseFieldChange =
  | { field: 'status'; value: string }
  | { field: 'priority'; value: string }
  | { field: 'tags'; value: string[] }
  | { field: 'assignee'; value: string | null }
  | { field: 'activity'; value: null };

export const sameTags = (a: readonly string[], b: readonly string[]) => [...a].sort().join(',') === [...b].sort().join(',');
