import { expect, msg, test } from '../fixtures';
import { DEMO_STAFF, loginAs } from './login';

test.describe('[STAFF] sign-in', () => {
  test('an agent signs in, sees the desk in their language, and logs out', async ({ page, expectNoAxeViolations }) => {
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/staff\/login$/);
    await expectNoAxeViolations(page);
    await loginAs(page, 'agent');
    // The demo agent works in Finnish.
    await expect(page.getByRole('link', { name: msg('fi', 'staff.nav.queue') })).toBeVisible();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'paluu_staff');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    await page.getByRole('button', { name: msg('fi', 'staff.nav.logout'), exact: true }).click();
    await expect(page).toHaveURL(/\/staff\/login$/);
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/staff\/login$/);
  });

  test('a wrong password gets one generic message', async ({ page }) => {
    await page.goto('/staff/login');
    await page.locator('#email').fill(DEMO_STAFF.agent.email);
    await page.locator('#password').fill('not-the-password');
    await page.locator('form button[type="submit"]').click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(msg('en', 'staff.login.invalid'));
  });

  test('the admin needs the second factor', async ({ page, expectNoAxeViolations }) => {
    await page.goto('/staff/login');
    await page.locator('#email').fill(DEMO_STAFF.admin.email);
    await page.locator('#password').fill(DEMO_STAFF.admin.password);
    await page.locator('form button[type="submit"]').click();
    await expect(page).toHaveURL(/two-factor$/);
    await expectNoAxeViolations(page);
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/staff\/login$/);
    await loginAs(page, 'admin');
    await expect(page.getByRole('link', { name: msg('en', 'staff.nav.outbox') })).toBeVisible();
  });
});
