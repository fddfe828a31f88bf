import { expect, type Page } from '@playwright/test';
import { totpCode, totpStep } from '../../lib/auth/totp';

/** The demo seed's staff (db/seed.ts); the admin signs in with the documented TOTP secret. */
export const DEMO_STAFF = {
  agent: { email: 'agent@kuusikoivu.example', password: 'demo-agent-2026', totpSecret: null },
  admin: { email: 'admin@kuusikoivu.example', password: 'demo-admin-2026', totpSecret: 'PALUUDEMOADMINTOTPSECRET234567AB' },
} as const;

export type StaffLogin = { email: string; password: string; totpSecret: string | null };

/** Signs in through the real login form (and the two-factor step when the account has it). */
export async function loginAs(page: Page, who: 'agent' | 'admin' | StaffLogin): Promise<void> {
  const account = typeof who === 'string' ? DEMO_STAFF[who] : who;
  await page.goto('/staff/login');
  await page.locator('#email').fill(account.email);
  await page.locator('#password').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  if (account.totpSecret) {
    await page.waitForURL('**/staff/login/two-factor');
    // A code is accepted once: if another test just used this step, wait for the next one.
    let step = totpStep(new Date());
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.locator('#code').fill(totpCode(account.totpSecret, new Date(step * 30_000 + 1000)));
      await page.locator('form button[type="submit"]').click();
      const done = await page
        .waitForURL((url) => url.pathname === '/staff', { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (done) return;
      step += 1;
      await page.waitForTimeout(Math.max(0, step * 30_000 - Date.now() + 500));
    }
  }
  await expect(page).toHaveURL(/\/staff$/);
}
