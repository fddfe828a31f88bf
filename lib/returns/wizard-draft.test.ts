import { describe, expect, it } from 'vitest';
import { DRAFT_MAX_AGE_MS, draftStorageKey, emptyItem, hasAnswers, restoreDraft, serializeDraft, stepFromUrl } from './wizard-draft';

const lineA = '11111111-1111-4111-8111-111111111111';
const lineB = '22222222-2222-4222-8222-222222222222';
const variant = '33333333-3333-4333-8333-333333333333';
const photo = '44444444-4444-4444-8444-444444444444';
const key = '55555555-5555-4555-8555-555555555555';
const now = Date.UTC(2026, 11, 5, 12);
const order = { orderNumber: 'KK204131', lineIds: [lineA, lineB], reasonCodes: ['too_small', 'damaged'], variantIds: [variant] };

const answered = {
  method: 'drop_off' as const,
  carrier: 'posti' as const,
  // The exchange step's "send my new item now" choice survives a reload like every other answer.
  shipNow: true,
  items: [
    { ...emptyItem(lineA), selected: true, quantity: 2, reasonCode: 'damaged', comment: 'Seam open', photoIds: [photo], resolution: 'exchange_variant' as const, exchangeVariantId: variant },
    emptyItem(lineB),
  ],
};

describe('return wizard draft', () => {
  it('gives back every answer, the request key and the furthest step after a round trip', () => {
    const raw = serializeDraft({ orderNumber: 'KK204131', idempotencyKey: key, reached: 3, values: answered, now });
    const restored = restoreDraft(raw, order, now + 60_000);
    expect(restored).toEqual({ idempotencyKey: key, reached: 3, values: answered });
  });

  it('stores photos as their upload ids only, never file contents', () => {
    const withFile = { ...answered, items: [{ ...answered.items[0]!, photoIds: [photo, new Blob(['x']) as unknown as string] }, answered.items[1]!] };
    const raw = serializeDraft({ orderNumber: 'KK204131', idempotencyKey: key, reached: 1, values: withFile, now });
    expect(JSON.parse(raw).values.items[0].photoIds).toEqual([photo]);
  });

  it('refuses a draft of another order, another version, an old one or broken JSON', () => {
    const raw = serializeDraft({ orderNumber: 'KK204131', idempotencyKey: key, reached: 2, values: answered, now });
    expect(restoreDraft(raw, { ...order, orderNumber: 'KK999999' }, now)).toBeNull();
    expect(restoreDraft(raw, order, now + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(restoreDraft(raw.replace('"v":1', '"v":2'), order, now)).toBeNull();
    expect(restoreDraft('{not json', order, now)).toBeNull();
    expect(restoreDraft(null, order, now)).toBeNull();
    // Case and spaces in the order number do not matter.
    expect(restoreDraft(raw, { ...order, orderNumber: ' kk204131 ' }, now)).not.toBeNull();
  });

  it('matches answers to the order as it is now: gone lines dropped, new lines empty, gone reasons and variants asked again', () => {
    const raw = serializeDraft({ orderNumber: 'KK204131', idempotencyKey: key, reached: 4, values: answered, now });
    const lineC = '66666666-6666-4666-8666-666666666666';
    const restored = restoreDraft(raw, { ...order, lineIds: [lineC, lineA], reasonCodes: ['too_small'], variantIds: [] }, now)!;
    expect(restored.values.items.map((i) => i.orderLineId)).toEqual([lineC, lineA]);
    expect(restored.values.items[0]).toEqual(emptyItem(lineC));
    expect(restored.values.items[1]).toMatchObject({ selected: true, quantity: 2, comment: 'Seam open', reasonCode: '', exchangeVariantId: '', photoIds: [photo] });
  });

  it('drops values that are not answers the form knows, and starts over when nothing is selected', () => {
    const raw = serializeDraft({ orderNumber: 'KK204131', idempotencyKey: key, reached: 3, values: { ...answered, items: [emptyItem(lineA)] }, now });
    const restored = restoreDraft(raw.replace('"drop_off"', '"teleport"'), order, now)!;
    expect(restored.values.method).toBe('');
    expect(restored.values.carrier).toBe('');
    expect(restored.reached).toBe(0);
  });

  it('shows the URL step only up to the furthest one reached', () => {
    expect(stepFromUrl('reason', 3)).toBe(1);
    expect(stepFromUrl('review', 1)).toBe(1);
    expect(stepFromUrl('nonsense', 3)).toBe(0);
    expect(stepFromUrl(null, 3)).toBe(0);
  });

  it('knows when there are unsent answers', () => {
    expect(hasAnswers({ method: '', carrier: '', items: [emptyItem(lineA)] })).toBe(false);
    expect(hasAnswers(answered)).toBe(true);
    expect(hasAnswers({ items: [{ ...emptyItem(lineA), comment: 'hi' }] })).toBe(true);
  });

  it('keys drafts per order', () => {
    expect(draftStorageKey('kk204131')).toBe(draftStorageKey('KK204131'));
    expect(draftStorageKey('KK1')).not.toBe(draftStorageKey('KK2'));
  });
});
