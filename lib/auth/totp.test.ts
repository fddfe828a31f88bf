import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, matchTotp, totpCode, totpStep, totpUri } from './totp';

// RFC 6238 appendix B, SHA-1 key "12345678901234567890"; 8-digit vectors, we compare the last 6 digits' generator.
const RFC_KEY = Buffer.from('12345678901234567890');
const vectors: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('matches the RFC test vector at t=%i', (seconds, expected) => {
    expect(hotp(RFC_KEY, Math.floor(seconds / 30), 8)).toBe(expected);
  });

  it('round-trips base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(base32Encode(RFC_KEY)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts the current, previous and next step but not further', () => {
    const secret = generateTotpSecret();
    const now = new Date('2026-11-23T12:00:10Z');
    const step = totpStep(now);
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
  });

  it('refuses malformed and wrong codes', () => {
    const secret = generateTotpSecret();
    const now = new Date();
    const right = totpCode(secret, now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotp(secret, wrong, now)).toBeNull();
    expect(matchTotp(secret, '12345', now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
    expect(matchTotp(secret, ` ${right.slice(0, 3)} ${right.slice(3)} `, now)).toBe(totpStep(now));
  });

  it('builds an otpauth URI authenticator apps understand', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'admin@shop.example', 'Paluu Shop');
    expect(uri).toBe('otpauth://totp/Paluu%20Shop%3Aadmin%40shop.example?secret=JBSWY3DPEHPK3PXP&issuer=Paluu+Shop&algorithm=SHA1&digits=6&period=30');
  });
});

describe('sealed TOTP secrets', () => {
  it('round-trips, hides the secret, refuses another key, and passes plain values through', async () => {
    const { openSecret, sealSecret } = await import('@/lib/core/secret-box');
    const key = Buffer.from('k'.repeat(32));
    const secret = generateTotpSecret();
    const sealed = sealSecret(secret, key);
    expect(sealed.startsWith('enc:v1:')).toBe(true);
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed, key)).toBe(secret);
    expect(() => openSecret(sealed, Buffer.from('x'.repeat(32)))).toThrow();
    expect(openSecret('PALUUDEMOADMINTOTPSECRET234567AB', key)).toBe('PALUUDEMOADMINTOTPSECRET234567AB');
  });
});
