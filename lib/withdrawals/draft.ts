import { z } from 'zod';

/**
 * The EU withdrawal flow's draft in the tab's sessionStorage, so a reload or a lost connection does not
 * lose what the customer typed: name, email, order number, the chosen goods and the request key (a retry
 * records one statement). Restored at the details step with everything filled in; the flow asks the
 * server again from there (the guest path must identify the order again). Pure: the flow does the storage.
 */
export const WITHDRAWAL_DRAFT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export const withdrawalDraftKey = (orderNumber: string | null) => `paluu.withdrawalDraft.${orderNumber ? orderNumber.trim().toUpperCase() : 'guest'}`;

const draftSchema = z.object({
  v: z.literal(1),
  savedAt: z.number(),
  idempotencyKey: z.string().min(8).max(100),
  name: z.string().max(200),
  email: z.string().max(320),
  orderNumber: z.string().max(64),
  chosen: z.record(z.uuid(), z.number().int().min(0).max(10_000)),
});
export type WithdrawalDraft = Omit<z.infer<typeof draftSchema>, 'v' | 'savedAt'>;

export function serializeWithdrawalDraft(draft: WithdrawalDraft, now: number): string {
  return JSON.stringify({ v: 1, savedAt: now, ...draft, chosen: Object.fromEntries(Object.entries(draft.chosen).filter(([, q]) => q > 0)) });
}

export function restoreWithdrawalDraft(raw: string | null, now: number): WithdrawalDraft | null {
  if (!raw) return null;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || now - parsed.data.savedAt > WITHDRAWAL_DRAFT_MAX_AGE_MS) return null;
    const { v: _v, savedAt: _s, ...draft } = parsed.data;
    return draft;
  } catch {
    return null;
  }
}

/** Something the customer typed or chose beyond what the page filled in for them. */
export function withdrawalHasAnswers(draft: Omit<WithdrawalDraft, 'idempotencyKey'>, prefilled: { name: string; email: string }): boolean {
  return (
    (draft.name.trim() !== '' && draft.name !== prefilled.name) ||
    (draft.email.trim() !== '' && draft.email !== prefilled.email) ||
    draft.orderNumber.trim() !== '' ||
    Object.values(draft.chosen).some((q) => q > 0)
  );
}
