import type { Tx } from '@/db';

// C8 — owner: returns. Placeholder from the labels branch with the agreed signature; the returns
// engineer's file replaces it at merge.
export type ReturnEmailStep = 'requested' | 'approved' | 'label_issued' | 'received' | 'inspected' | 'completed' | 'rejected' | 'canceled';

/** Localized email to the customer for one step of a return; at most once per (return, step). Placeholder: no-op. */
export async function queueReturnEmail(_tx: Tx, _input: { returnId: string; step: ReturnEmailStep }): Promise<void> {}
