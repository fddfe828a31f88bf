import type { Response } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { generateTotpSecret } from '../../lib/auth/totp';
import { mintTrackingLink } from '../../lib/tracking-links/mint-tracking-link';
import { createStaff } from '../../test/staff-factories';
import { createRequestedReturn } from '../../test/staff2-factories';
import { expect, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { loginAs } from '../staff/login';
import { watchCsp } from './csp-watch';

/**
 * Every customer and staff page is served with a nonce Content-Security-Policy, and not one
 * page triggers a violation: a `securitypolicyviolation` listener is installed before any page
 * script, and the console is watched for the browser's CSP messages.
 */
/** The policy header with a nonce, the same nonce on the page's scripts, and the other headers. */
async function expectPolicy(response: Response | null) {
  expect(response, 'navigation response').not.toBeNull();
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, `${response!.url()} has a nonce CSP`).toBeTruthy();
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-powered-by']).toBeUndefined();
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, 'every script carries the nonce').toContain(`nonce="${nonce}"`);
  return nonce!;
}

test.describe('[SECURITY] Content-Security-Policy', () => {
  test('customer pages: nonce policy, fresh per response, no violation (lookup → order → return wizard, claim, withdrawal, return page)', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    const violations = await watchCsp(page);
    const r = await createRequestedReturn(db);
    const first = await expectPolicy(await page.goto('/en'));
    const second = await expectPolicy(await page.reload());
    expect(second).not.toBe(first);
    // The lookup form works (its client script ran under the policy).
    const lookup = new LookupPage(page, 'en');
    await lookup.lookUp(r.orderNumber, r.email);
    await expect(page).toHaveURL(new RegExp(`/en/orders/${r.orderNumber}$`));
    for (const path of [
      `/en/orders/${r.orderNumber}`,
      `/en/orders/${r.orderNumber}/return`,
      `/en/orders/${r.orderNumber}/claim`,
      `/en/orders/${r.orderNumber}/withdraw`,
      `/en/returns/${r.rma}`,
      '/en/policy',
      '/en/withdraw',
      '/en/link-expired',
      '/en/csat/not-a-real-token',
      '/en/messages/not-a-real-token',
      '/en/delays/not-a-real-token',
      '/en/no-such-page',
      '/fi',
      '/sv/policy',
    ]) {
      await expectPolicy(await page.goto(path));
      await page.waitForLoadState('networkidle');
    }
    // A tracking link's view, rendered and then served from the page cache: a fresh nonce each time,
    // on the header and on every script of the cached HTML alike.
    const [order] = await db.execute<{ id: string }>(sql`select id from orders where order_number = ${r.orderNumber}`);
    const { token } = await mintTrackingLink(db, { orderId: order!.id });
    const linkContext = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
    const linkPage = await linkContext.newPage();
    const linkViolations = await watchCsp(linkPage);
    await linkPage.goto(`/t/${token}`);
    const nonces = new Set<string>();
    let hits = 0;
    for (let i = 0; i < 4; i++) {
      const response = await linkPage.reload();
      nonces.add(await expectPolicy(response));
      if (response?.headers()['x-paluu-cache'] === 'hit') hits += 1;
      await linkPage.waitForLoadState('networkidle');
    }
    expect(hits).toBeGreaterThan(0);
    expect(nonces.size).toBe(4);
    expect(linkViolations()).toEqual([]);
    await linkContext.close();

    // The return wizard is interactive: its first step's controls respond.
    await page.goto(`/en/orders/${r.orderNumber}/return`);
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page);
    expect(violations()).toEqual([]);
  });

  test('staff pages: nonce policy and no violation on any page, the case page and the data-protection page included', async ({ page, db }) => {
    test.setTimeout(120_000);
    const violations = await watchCsp(page);
    const r = await createRequestedReturn(db);
    await expectPolicy(await page.goto('/staff/login'));
    const totpSecret = generateTotpSecret();
    const admin = await createStaff(db, { role: 'admin', totpSecret, locale: 'en' });
    await loginAs(page, { email: admin.email, password: admin.password, totpSecret });
    const [mail] = await db.execute<{ id: string }>(sql`select id from outbox order by created_at desc limit 1`);
    for (const path of [
      '/staff',
      `/staff/cases/${r.caseId}`,
      '/staff/receiving',
      '/staff/approvals',
      '/staff/reports',
      '/staff/reports/csat',
      '/staff/reports/returns',
      '/staff/delays',
      '/staff/settings',
      '/staff/settings/returns',
      '/staff/settings/branding',
      '/staff/settings/emails',
      '/staff/settings/sla',
      '/staff/settings/carriers',
      '/staff/settings/staff',
      '/staff/settings/api-keys',
      '/staff/outbox',
      ...(mail ? [`/staff/outbox/${mail.id}`] : []),
      '/staff/account',
      '/staff/settings/privacy',
    ]) {
      // The queue and the case page keep a live stream open (server-sent events): the network never idles
      // there, so wait until the stream has answered (connect-src 'self' let it through) instead.
      const live = path === '/staff' || path.startsWith('/staff/cases/');
      const stream = live ? page.waitForResponse((res) => res.url().includes('/staff/api/live')) : null;
      await expectPolicy(await page.goto(path));
      if (stream) expect((await stream).headers()['content-type']).toContain('text/event-stream');
      else await page.waitForLoadState('networkidle');
    }
    expect(violations()).toEqual([]);
  });
});
