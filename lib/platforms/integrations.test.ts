/** Platform integrations at rest: credentials and the webhook secret sealed; admin-only; bad input refused with catalog keys. */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, platformIntegrations } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { addShopifyIntegration, listIntegrations, openIntegration, openIntegrationByDomain, removeIntegration } from './integrations';

const db = testDb();
const system = { type: 'system' } as const;

describe('platform integrations', () => {
  it('stores the access token and webhook secret sealed; they open with the app secret; views never carry them', async () => {
    await inRollback(db, async (tx) => {
      const domain = `${uniqueId('seal').toLowerCase()}.myshopify.com`;
      const added = await addShopifyIntegration({ db: tx, actor: system }, { shopDomain: `https://${domain.toUpperCase()}/`, accessToken: 'shpat_secret_token_1234', webhookSecret: 'shpss_webhook_secret_5678' });
      expect(added.domain).toBe(domain);
      const [raw] = await tx.select({ row: sql<string>`row_to_json(${platformIntegrations})::text` }).from(platformIntegrations).where(eq(platformIntegrations.id, added.id));
      expect(raw!.row).not.toContain('shpat_secret_token_1234');
      expect(raw!.row).not.toContain('shpss_webhook_secret_5678');
      expect(raw!.row).toContain('enc:v1:');
      const opened = await openIntegrationByDomain(tx, 'shopify', domain.toUpperCase());
      expect(opened).toMatchObject({ id: added.id, credentials: { accessToken: 'shpat_secret_token_1234' }, webhookSecret: 'shpss_webhook_secret_5678' });
      const listed = (await listIntegrations(tx)).find((i) => i.id === added.id);
      expect(JSON.stringify(listed)).not.toContain('shpat_secret_token_1234');
      expect(await tx.select().from(caseEvents).where(sql`${caseEvents.type} = 'integration.added' and ${caseEvents.data}->>'integrationId' = ${added.id}`)).toHaveLength(1);

      await expect(addShopifyIntegration({ db: tx, actor: system }, { shopDomain: domain, accessToken: 'x', webhookSecret: 'shpss_webhook_secret_5678' })).rejects.toMatchObject({ code: 'conflict' });
      await removeIntegration({ db: tx, actor: system }, added.id);
      expect(await openIntegration(tx, added.id)).toBeNull();
      await expect(removeIntegration({ db: tx, actor: system }, added.id)).rejects.toBeInstanceOf(AppError);
    });
  });

  it('refuses a domain that is not *.myshopify.com, a short secret and a non-local API origin with catalog keys', async () => {
    await inRollback(db, async (tx) => {
      const attempt = (input: Record<string, string>) =>
        addShopifyIntegration({ db: tx, actor: system }, { shopDomain: 'ok-shop.myshopify.com', accessToken: 'shpat_x', webhookSecret: 'shpss_0123456789abcdef', ...input }).catch((e) => e.issues.map((i: { message: string }) => i.message));
      expect(await attempt({ shopDomain: 'evil.example.com' })).toEqual(['shopDomainInvalid']);
      expect(await attempt({ webhookSecret: 'short' })).toEqual(['webhookSecretTooShort']);
      expect(await attempt({ apiOrigin: 'http://169.254.169.254/' })).toEqual(['apiOriginInvalid']);
      expect(await attempt({ accessToken: '  ' })).toEqual(['accessTokenRequired']);
    });
  });

  it('staff need settings.manage: an agent is refused', async () => {
    await inRollback(db, async (tx) => {
      await expect(
        addShopifyIntegration({ db: tx, actor: { type: 'staff', staffId: '00000000-0000-4000-8000-000000000000', role: 'agent' } }, { shopDomain: 'agent-shop.myshopify.com', accessToken: 'shpat_x', webhookSecret: 'shpss_0123456789abcdef' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
});
