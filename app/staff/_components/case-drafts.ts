/**
 * Unsent replies and notes, kept per case in this browser (localStorage), so an agent who reloads, opens
 * another case or loses the tab finds their text again. They stay on this device only, expire after a
 * week, are dropped when the text is sent, and all of them go when the agent signs out (a shared desk
 * computer keeps no customer text after its agent left).
 */
export type CaseDraft = { mode: 'reply' | 'note'; body: string; savedAt: number };

const PREFIX = 'paluu.caseDraft.';
export const DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy mode, policy): drafts just are not kept
  }
}

export function loadCaseDraft(caseId: string, now = Date.now()): CaseDraft | null {
  const store = storage();
  const raw = store?.getItem(PREFIX + caseId);
  if (!store || !raw) return null;
  try {
    const draft = JSON.parse(raw) as Partial<CaseDraft>;
    const fresh = typeof draft.savedAt === 'number' && now - draft.savedAt < DRAFT_MAX_AGE_MS;
    if (fresh && typeof draft.body === 'string' && draft.body.trim() && (draft.mode === 'reply' || draft.mode === 'note')) {
      return { mode: draft.mode, body: draft.body.slice(0, 10_000), savedAt: draft.savedAt! };
    }
  } catch {
    // a damaged entry is dropped below
  }
  store.removeItem(PREFIX + caseId);
  return null;
}

export function saveCaseDraft(caseId: string, draft: { mode: 'reply' | 'note'; body: string }): void {
  const store = storage();
  if (!store) return;
  try {
    if (draft.body.trim()) store.setItem(PREFIX + caseId, JSON.stringify({ ...draft, savedAt: Date.now() }));
    else store.removeItem(PREFIX + caseId);
  } catch {
    // quota exceeded: the text is still in the composer, only not kept
  }
}

export function clearCaseDraft(caseId: string): void {
  storage()?.removeItem(PREFIX + caseId);
}

/** Every draft in this browser (sign-out). */
export function clearAllCaseDrafts(): void {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
}
