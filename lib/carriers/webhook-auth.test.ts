import { describe, expect, it } from 'vitest';
import { getCarrierConfig } from './config';
import { retryAfterMs } from './pollers/http';
import { signBody, verifyWebhook } from './webhook-auth';
import { testDb } from '@/test/db';

const base = { enabled: true, webhookAuth: 'header' as const, webhookHeader: 'x-secret', pollIntervalMinutes: 30, reconcileAfterMinutes: 1440, rateLimitPerMinute: 60, requestTimeoutMs: 10_000 };

describe('verifyWebhook', () => {
  it('accepts nothing when no secret is configured', () => {
    expect(verifyWebhook(base, new Headers({ 'x-secret': '' }), Buffer.from('{}'))).toBe('not_configured');
  });

  it('accepts the previous secret during a rotation, and only the configured header', () => {
    const config = { ...base, webhookSecret: 'new-secret-0123456789abcdef', webhookSecretPrevious: 'old-secret-0123456789abcdef' };
    expect(verifyWebhook(config, new Headers({ 'x-secret': 'old-secret-0123456789abcdef' }), Buffer.from('{}'))).toBe('ok');
    expect(verifyWebhook(config, new Headers({ 'x-secret': 'new-secret-0123456789abcdef' }), Buffer.from('{}'))).toBe('ok');
    expect(verifyWebhook(config, new Headers({ 'x-other': 'new-secret-0123456789abcdef' }), Buffer.from('{}'))).toBe('missing');
  });

  it('HMAC: one of several space-separated signatures may match (rotation)', () => {
    const config = { ...base, webhookAuth: 'hmac' as const, webhookSecret: 'signing-secret-0123456789abcdef' };
    const now = new Date('2026-11-20T12:00:00Z');
    const ts = now.getTime() / 1000;
    const body = Buffer.from('{"shipments":[]}');
    const headers = new Headers({ 'x-paluu-timestamp': String(ts), 'x-paluu-signature': `v1=deadbeef v1=${signBody(config.webhookSecret, ts, body)}` });
    expect(verifyWebhook(config, headers, body, now)).toBe('ok');
    expect(verifyWebhook(config, headers, Buffer.from('{"shipments":[{}]}'), now)).toBe('bad_signature');
  });
});

describe('carrier config', () => {
  it('environment variables override the stored settings', async () => {
    const config = await getCarrierConfig(testDb(), 'dhl', { PALUU_CARRIER_DHL_BASE_URL: 'https://dhl.test/', PALUU_CARRIER_DHL_RATE_LIMIT_PER_MINUTE: '12' } as unknown as NodeJS.ProcessEnv);
    expect(config.baseUrl).toBe('https://dhl.test');
    expect(config.rateLimitPerMinute).toBe(12);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Fri, 20 Nov 2026 12:00:30 GMT', Date.parse('2026-11-20T12:00:00Z'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
