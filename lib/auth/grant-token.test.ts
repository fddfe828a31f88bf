import { describe, expect, it } from 'vitest';
import { addGrant, isVerifiedGrant, readGrants, signGrants } from './grant-token';

const secret = Buffer.from('a-test-secret-that-is-long-enough-for-hmac');
const now = 1_800_000_000;

describe('order access grants', () => {
  it('a signed grant reads back until it expires', () => {
    const cookie = signGrants(secret, addGrant([], 'order-1', now + 3600));
    expect(readGrants(secret, cookie, now)).toEqual([{ o: 'order-1', exp: now + 3600 }]);
    expect(readGrants(secret, cookie, now + 3600)).toEqual([]);
  });

  it('a grant edited to name another order, or signed with another key, is worthless', () => {
    const cookie = signGrants(secret, [{ o: 'order-1', exp: now + 3600 }]);
    const [, signature] = cookie.split('.');
    const edited = `${Buffer.from(JSON.stringify([{ o: 'order-2', exp: now + 3600 }])).toString('base64url')}.${signature}`;
    expect(readGrants(secret, edited, now)).toEqual([]);
    expect(readGrants(Buffer.from('another-secret-another-secret-another'), cookie, now)).toEqual([]);
  });

  it('malformed values never throw', () => {
    for (const value of [undefined, '', '.', 'abc', 'a.b.c', 'x'.repeat(10_000), '%%%.%%%', `${Buffer.from('{').toString('base64url')}.sig`]) {
      expect(readGrants(secret, value, now)).toEqual([]);
    }
  });

  it('keeps the five newest orders and renews a repeated one', () => {
    let grants = [1, 2, 3, 4, 5, 6].reduce((acc, n) => addGrant(acc, `order-${n}`, now + n), [] as ReturnType<typeof addGrant>);
    expect(grants.map((g) => g.o)).toEqual(['order-2', 'order-3', 'order-4', 'order-5', 'order-6']);
    grants = addGrant(grants, 'order-3', now + 100);
    expect(grants.map((g) => g.o)).toEqual(['order-2', 'order-4', 'order-5', 'order-6', 'order-3']);
  });
});

describe('link grants next to verified grants', () => {
  it('a link grant reads back with its link id', () => {
    const cookie = signGrants(secret, addGrant([], 'order-1', now + 60, 'link-1'));
    expect(readGrants(secret, cookie, now)).toEqual([{ o: 'order-1', exp: now + 60, l: 'link-1' }]);
  });

  it('a link grant never replaces a verified grant (no downgrade)', () => {
    const verified = addGrant([], 'order-1', now + 3600);
    expect(addGrant(verified, 'order-1', now + 60, 'link-1')).toEqual([{ o: 'order-1', exp: now + 3600 }]);
  });

  it('a lookup upgrades a link grant to verified; a link grant on its own never becomes verified', () => {
    const link = addGrant([], 'order-1', now + 60, 'link-1');
    expect(link[0]!.l).toBe('link-1');
    expect(addGrant(link, 'order-1', now + 60, 'link-2')).toEqual([{ o: 'order-1', exp: now + 60, l: 'link-2' }]);
    expect(addGrant(link, 'order-1', now + 3600)).toEqual([{ o: 'order-1', exp: now + 3600 }]);
  });

  it('a link id of the wrong type makes the grant worthless', () => {
    const cookie = signGrants(secret, [{ o: 'order-1', exp: now + 60, l: 42 as unknown as string }]);
    expect(readGrants(secret, cookie, now)).toEqual([]);
  });
});

describe('postal-code grants (redacted, like a tracking link)', () => {
  it('read back as redacted, never as verified', () => {
    const cookie = signGrants(secret, addGrant([], 'order-1', now + 60, { postalCode: true }));
    const grants = readGrants(secret, cookie, now);
    expect(grants).toEqual([{ o: 'order-1', exp: now + 60, r: 1 }]);
    expect(grants.filter(isVerifiedGrant)).toEqual([]);
  });

  it('never replace a verified grant, and the email upgrades them', () => {
    const verified = addGrant([], 'order-1', now + 3600);
    expect(addGrant(verified, 'order-1', now + 60, { postalCode: true })).toEqual(verified);
    const postal = addGrant([], 'order-1', now + 60, { postalCode: true });
    expect(addGrant(postal, 'order-1', now + 3600).filter(isVerifiedGrant)).toHaveLength(1);
  });

  it('a redacted marker of another value makes the grant worthless', () => {
    const cookie = signGrants(secret, [{ o: 'order-1', exp: now + 60, r: 2 as unknown as 1 }]);
    expect(readGrants(secret, cookie, now)).toEqual([]);
  });
});
