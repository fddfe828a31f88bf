import { z } from 'zod';
import { returnCarriers, returnMethods } from './methods';
import { type ReturnRequestForm, returnItemSchema, type WizardStep, wizardSteps } from './schemas';

/**
 * The return wizard's draft: what the customer has answered so far, kept in the tab's sessionStorage
 * (one key per order) so Back, a reload or a lost connection never loses input. The step lives in the
 * URL (`?step=reason`); the draft remembers the furthest step reached, so a URL can never skip a step
 * the customer has not answered. Photos are kept as their upload ids (the bytes are on the server
 * already), never as file contents. Pure: the wizard reads and writes the storage, these rules decide.
 */
export const DRAFT_VERSION = 1;
/** A draft older than this is dropped: the order or the policy may have changed meanwhile. */
export const DRAFT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type DraftValues = Pick<ReturnRequestForm, 'items' | 'method' | 'carrier' | 'shipNow'>;

export type WizardDraft = {
  v: typeof DRAFT_VERSION;
  orderNumber: string;
  /** Kept with the answers: a retry after a lost response (or a reload) submits the same request. */
  idempotencyKey: string;
  /** Index of the furthest step the customer has reached with valid answers. */
  reached: number;
  savedAt: number;
  values: DraftValues;
};

export const draftStorageKey = (orderNumber: string) => `paluu.returnDraft.${orderNumber.trim().toUpperCase()}`;

const storedSchema = z.object({
  v: z.literal(DRAFT_VERSION),
  orderNumber: z.string().max(64),
  idempotencyKey: z.uuid(),
  reached: z.number().int().min(0).max(wizardSteps.length - 1),
  savedAt: z.number(),
  values: z.object({
    items: z.array(z.unknown()).max(200),
    method: z.unknown(),
    carrier: z.unknown(),
    shipNow: z.unknown().optional(),
  }),
});

/** The draft as stored: only the answers (no photo bytes, no totals, nothing the server sent). */
export function serializeDraft(input: { orderNumber: string; idempotencyKey: string; reached: number; values: DraftValues; now: number }): string {
  const draft: WizardDraft = {
    v: DRAFT_VERSION,
    orderNumber: input.orderNumber,
    idempotencyKey: input.idempotencyKey,
    reached: Math.max(0, Math.min(input.reached, wizardSteps.length - 1)),
    savedAt: input.now,
    values: {
      method: input.values.method ?? '',
      carrier: input.values.carrier ?? '',
      shipNow: input.values.shipNow === true,
      items: (input.values.items ?? []).map((item) => ({
        orderLineId: item.orderLineId,
        selected: Boolean(item.selected),
        quantity: item.quantity,
        reasonCode: item.reasonCode ?? '',
        comment: item.comment ?? '',
        photoIds: (item.photoIds ?? []).filter((id): id is string => typeof id === 'string'),
        resolution: item.resolution ?? '',
        exchangeVariantId: item.exchangeVariantId ?? '',
      })),
    },
  };
  return JSON.stringify(draft);
}

export type RestoredDraft = { idempotencyKey: string; reached: number; values: DraftValues };

/**
 * Reads a stored draft back onto the order as it is now. Returns null for anything unusable (another
 * order, another version, too old, not JSON). Answers are matched to the order's lines by id: a line
 * the order no longer offers is dropped, a new line starts empty, and an answer that no longer fits
 * the form (a reason or variant that is gone) falls back to empty, so the wizard asks again.
 */
export function restoreDraft(
  raw: string | null,
  order: { orderNumber: string; lineIds: readonly string[]; reasonCodes: readonly string[]; variantIds: readonly string[] },
  now: number,
): RestoredDraft | null {
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) return null;
  const draft = parsed.data;
  if (draft.orderNumber.trim().toUpperCase() !== order.orderNumber.trim().toUpperCase()) return null;
  if (now - draft.savedAt > DRAFT_MAX_AGE_MS || draft.savedAt - now > 60_000) return null;

  const stored = new Map<string, z.infer<typeof returnItemSchema>>();
  for (const entry of draft.values.items) {
    const item = returnItemSchema.safeParse(entry);
    if (item.success) stored.set(item.data.orderLineId, item.data);
  }
  const items = order.lineIds.map((lineId) => {
    const empty = emptyItem(lineId);
    const item = stored.get(lineId);
    if (!item) return empty;
    const reasonCode = order.reasonCodes.includes(item.reasonCode) ? item.reasonCode : '';
    const exchangeVariantId = order.variantIds.includes(item.exchangeVariantId) ? item.exchangeVariantId : '';
    return { ...item, reasonCode, exchangeVariantId };
  });
  const method = (returnMethods as readonly unknown[]).includes(draft.values.method) ? (draft.values.method as DraftValues['method']) : '';
  const carrier = method && (returnCarriers as readonly unknown[]).includes(draft.values.carrier) ? (draft.values.carrier as DraftValues['carrier']) : '';
  const anySelected = items.some((i) => i.selected);
  // "Send my new item now" is kept as chosen; the wizard offers it again only while the policy and stock allow.
  const shipNow = draft.values.shipNow === true;
  return { idempotencyKey: draft.idempotencyKey, reached: anySelected ? draft.reached : 0, values: { items, method, carrier, shipNow } };
}

export function emptyItem(orderLineId: string): DraftValues['items'][number] {
  return { orderLineId, selected: false, quantity: 1, reasonCode: '', comment: '', photoIds: [], resolution: '', exchangeVariantId: '' };
}

/** True when the customer has answered anything: leaving then asks first. */
export function hasAnswers(values: Partial<DraftValues> | undefined): boolean {
  if (!values) return false;
  return Boolean(values.method) || (values.items ?? []).some((item) => Boolean(item?.selected) || Boolean(item?.comment?.trim()) || (item?.photoIds?.length ?? 0) > 0);
}

/** The step shown for a URL's `?step=`: a known step, never past the furthest one reached. */
export function stepFromUrl(param: string | null, reached: number): number {
  const index = wizardSteps.indexOf(param as WizardStep);
  if (index < 0) return 0;
  return Math.min(index, Math.max(0, reached));
}
