import { describe, expect, it } from 'vitest';
import { restoreWithdrawalDraft, serializeWithdrawalDraft, WITHDRAWAL_DRAFT_MAX_AGE_MS, withdrawalDraftKey, withdrawalHasAnswers } from './draft';

const line = '11111111-1111-4111-8111-111111111111';
const now = Date.UTC(2026, 11, 5, 12);
const draft = { idempotencyKey: 'key-12345678', name: 'Aino Asiakas', email: 'aino@example.com', orderNumber: 'KK204131', chosen: { [line]: 2 } };

describe('withdrawal draft', () => {
  it('round-trips what the customer typed and chose, with the request key', () => {
    expect(restoreWithdrawalDraft(serializeWithdrawalDraft(draft, now), now + 1000)).toEqual(draft);
  });

  it('drops unchosen goods, and refuses old, foreign or broken drafts', () => {
    const raw = serializeWithdrawalDraft({ ...draft, chosen: { [line]: 0 } }, now);
    expect(restoreWithdrawalDraft(raw, now)!.chosen).toEqual({});
    expect(restoreWithdrawalDraft(raw, now + WITHDRAWAL_DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(restoreWithdrawalDraft(raw.replace('"v":1', '"v":9'), now)).toBeNull();
    expect(restoreWithdrawalDraft('{"v":1', now)).toBeNull();
    expect(restoreWithdrawalDraft(JSON.stringify({ ...JSON.parse(raw), chosen: { 'not-a-line': 1 } }), now)).toBeNull();
  });

  it('counts as answered only what the page did not fill in', () => {
    const prefilled = { name: 'Aino Asiakas', email: 'aino@example.com' };
    expect(withdrawalHasAnswers({ name: 'Aino Asiakas', email: 'aino@example.com', orderNumber: '', chosen: {} }, prefilled)).toBe(false);
    expect(withdrawalHasAnswers({ name: 'Aino Asiakas', email: 'aino@example.com', orderNumber: '', chosen: { [line]: 1 } }, prefilled)).toBe(true);
    expect(withdrawalHasAnswers({ name: 'Aino A.', email: 'aino@example.com', orderNumber: '', chosen: {} }, prefilled)).toBe(true);
  });

  it('keys the guest path apart from an open order', () => {
    expect(withdrawalDraftKey(null)).not.toBe(withdrawalDraftKey('KK1'));
    expect(withdrawalDraftKey('kk1')).toBe(withdrawalDraftKey('KK1'));
  });
});
