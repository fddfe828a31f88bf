/** A WooCommerce store at rest: REST key, secret and webhook secret sealed; the site URL checked (https, public name); admin-only. */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { platformIntegrations } from '@/db/schema';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { addWooIntegration, listIntegrations, openIntegrationByDomain } from '../integrations';

const db = testDb();
const system = { type: 'system' } as const;
const valid = { consumerKey: 'ck_4f2a9c0d1e3b5a7c', consumerSecret: 'cs_9b8a7c6d5e4f3a2b', webhookSecret: 'wc_webhook_secret_5678' };

describe('WooCommerce integrations', () => {
  it('stores the keys and the webhook secret sealed, under the site’s host and path; views never carry them; a second add is a conflict', async () => {
    await inRollback(db, async (tx) => {
      const host = `${uniqueId('seal').toLowerCase()}.example.com`;
      const added = await addWooIntegration({ db: tx, actor: system }, { url: `https://${host.toUpperCase()}/Shop/`, ...valid });
      expect(added).toMatchObject({ platform: 'woocommerce', domain: `${host}/shop` });
      const [raw] = await tx.select({ row: sql<string>`row_to_json(${platformIntegrations})::text` }).from(platformIntegrations).where(eq(platformIntegrations.id, added.id));
      for (const secret of Object.values(valid)) expect(raw!.row).not.toContain(secret);
      const opened = await openIntegrationByDomain(tx, 'woocommerce', `${host}/shop`);
      expect(opened).toMatchObject({ credentials: { url: `https://${host}/Shop`, consumerKey: valid.consumerKey, consumerSecret: valid.consumerSecret }, webhookSecret: valid.webhookSecret });
      expect(JSON.stringify(await listIntegrations(tx))).not.toContain(valid.consumerSecret);
      await expect(addWooIntegration({ db: tx, actor: system }, { url: `https://${host}/shop`, ...valid })).rejects.toMatchObject({ code: 'conflict', details: { fields: { url: ['siteUrlTaken'] } } });
    });
  });

  it('refuses http, private and local addresses, bad keys and a non-local API origin with catalog keys', async () => {
    await inRollback(db, async (tx) => {
      const attempt = (input: Record<string, string>) =>
        addWooIntegration({ db: tx, actor: system }, { url: 'https://shop.example.com', ...valid, ...input }).then(
          () => [],
          (e) => e.issues.map((i: { message: string }) => i.message),
        );
      for (const url of ['http://shop.example.com', 'https://10.0.0.5', 'https://169.254.169.254/', 'https://localhost/', 'https://user:pw@shop.example.com', 'https://shop.example.com/?a=1', 'not a url']) {
        expect(await attempt({ url }), url).toEqual(['siteUrlInvalid']);
      }
      expect(await attempt({ consumerKey: 'key' })).toEqual(['consumerKeyInvalid']);
      expect(await attempt({ consumerSecret: 'ck_9b8a7c6d5e4f3a2b' })).toEqual(['consumerSecretInvalid']);
      expect(await attempt({ webhookSecret: 'short' })).toEqual(['webhookSecretTooShort']);
      expect(await attempt({ apiOrigin: 'http://169.254.169.254/' })).toEqual(['apiOriginInvalid']);
    });
  });

  it('staff need settings.manage: an agent is refused', async () => {
    await inRollback(db, async (tx) => {
      await expect(
        addWooIntegration({ db: tx, actor: { type: 'staff', staffId: '00000000-0000-4000-8000-000000000000', role: 'agent' } }, { url: 'https://agent-shop.example.com', ...valid }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
});
