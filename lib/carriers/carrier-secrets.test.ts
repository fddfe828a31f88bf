/**
 * Issue #12: carrier webhook secrets (and API keys, passwords) were stored in plain text in
 * settings.carriers. They are stored sealed with a key derived from APP_SECRET; a push signed with
 * the secret still authenticates.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { settings } from '@/db/schema';
import { generateTotpSecret } from '@/lib/auth/totp';
import { rotateWebhookSecret, setCarrierSecret } from '@/lib/staff-admin/carrier-settings';
import { testDb } from '@/test/db';
import { inRollback } from '@/test/rollback';
import { createStaff } from '@/test/staff-factories';
import { CARRIER_SETTINGS_KEY, getCarrierConfig, saveCarrierConfig } from './config';
import { receiveWebhook } from './receive-webhook';
import { signBody } from './webhook-auth';

const db = testDb();
const fixtures = path.resolve(import.meta.dirname, '../../test/generated/carriers');
const noEnv = {} as NodeJS.ProcessEnv;

const rawRow = async (tx: Db) => (await tx.select({ value: sql<string>`${settings.value}::text` }).from(settings).where(eq(settings.key, CARRIER_SETTINGS_KEY)))[0]!.value;

function dhlPush(secret: string) {
  const body = JSON.parse(readFileSync(path.join(fixtures, 'dhl/delivered.json'), 'utf8'));
  body.shipments[0].id = `JJD${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const text = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  return new Request('http://localhost/api/webhooks/carriers/dhl', {
    method: 'POST',
    body: text,
    headers: { 'content-type': 'application/json', 'x-paluu-timestamp': String(ts), 'x-paluu-signature': `v1=${signBody(secret, ts, text)}` },
  });
}

describe('carrier secrets at rest', () => {
  // The settings row is shared by the whole run: every test works in a transaction rolled back at the end.
  it('an admin-set webhook secret is stored sealed (no plain text in the row) and a push signed with it authenticates', async () => {
    await inRollback(db, async (tx) => {
      const admin = await createStaff(tx, { role: 'admin', totpSecret: generateTotpSecret() });
      const ctx = { db: tx, actor: { type: 'staff' as const, staffId: admin.id, role: 'admin' as const } };
      const secret = 'dhl-push-secret-0123456789-abcdefgh';
      await saveCarrierConfig(tx, 'dhl', { webhookAuth: 'hmac' });
      await setCarrierSecret(ctx, { carrier: 'dhl', field: 'webhookSecret', value: secret });
      await setCarrierSecret(ctx, { carrier: 'dhl', field: 'apiKey', value: 'dhl-api-key-plain-value-123' });
      const raw = await rawRow(tx);
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain('dhl-api-key-plain-value-123');
      expect(JSON.parse(raw).dhl.webhookSecret).toMatch(/^enc:v1:/);

      expect((await receiveWebhook(tx, 'dhl', dhlPush(secret))).status).toBe(202);
      expect((await receiveWebhook(tx, 'dhl', dhlPush('not-the-secret-0123456789abcdef'))).status).toBe(401);

      // A rotation keeps the old one (sealed too) and both authenticate during it.
      const { secret: fresh } = await rotateWebhookSecret(ctx, { carrier: 'dhl' });
      const rotated = await rawRow(tx);
      expect(rotated).not.toContain(secret);
      expect(rotated).not.toContain(fresh);
      expect((await receiveWebhook(tx, 'dhl', dhlPush(fresh))).status).toBe(202);
      expect((await receiveWebhook(tx, 'dhl', dhlPush(secret))).status).toBe(202);
    });
  });

  it('a plain secret stored before sealing keeps working and is sealed at its first read', async () => {
    await inRollback(db, async (tx) => {
      const legacy = 'legacy-plain-secret-0123456789abc';
      const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, CARRIER_SETTINGS_KEY));
      const all = (row?.value ?? {}) as Record<string, Record<string, unknown>>;
      const value = { ...all, dhl: { ...(all.dhl ?? {}), webhookAuth: 'hmac', webhookSecret: legacy } };
      await tx.insert(settings).values({ key: CARRIER_SETTINGS_KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
      expect(await rawRow(tx)).toContain(legacy);

      expect((await getCarrierConfig(tx, 'dhl', noEnv)).webhookSecret).toBe(legacy);
      expect(await rawRow(tx)).not.toContain(legacy);
      expect((await receiveWebhook(tx, 'dhl', dhlPush(legacy))).status).toBe(202);
    });
  });

  it('the simulator and tooling path (saveCarrierConfig) seals as well', async () => {
    await inRollback(db, async (tx) => {
      await saveCarrierConfig(tx, 'posti', { clientId: 'paluu', clientSecret: 'posti-client-secret-xyz' });
      const raw = await rawRow(tx);
      expect(raw).not.toContain('posti-client-secret-xyz');
      expect(raw).toContain('"clientId": "paluu"');
      expect((await getCarrierConfig(tx, 'posti', noEnv)).clientSecret).toBe('posti-client-secret-xyz');
    });
  });
});
