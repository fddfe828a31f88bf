import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

test.describe('[ADMIN] API keys', () => {
  test.setTimeout(90_000);

  test('a key created in the settings is shown once and reads the merchant API; revoked, it gets 401; axe clean', async ({ page, request, db, makeOrder, expectNoAxeViolations }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const order = await makeOrder();
    await loginAs(page, admin);
    await page.goto('/staff/settings/api-keys');
    await expect(page.getByRole('heading', { level: 1, name: msg('en', 'staffAdmin.apiKeys.title') })).toBeVisible();
    await expectNoAxeViolations(page);

    const name = `ERP ${Date.now()}`;
    await page.getByLabel(msg('en', 'staffAdmin.apiKeys.name')).fill(name);
    await page.getByRole('button', { name: msg('en', 'staffAdmin.apiKeys.create') }).click();
    await expect(page.getByText(msg('en', 'staffAdmin.errors.scopesRequired'))).toBeVisible();
    await page.getByLabel('orders:read').check();
    await page.getByRole('button', { name: msg('en', 'staffAdmin.apiKeys.create') }).click();
    const created = page.getByTestId('key-created');
    await expect(created).toBeVisible();
    const key = await created.getByRole('textbox').inputValue();
    expect(key).toMatch(/^pal_[a-f0-9]{12}_/);
    await expect(created.getByRole('button', { name: msg('en', 'staffAdmin.copy') })).toBeVisible();

    const spec = await request.get('/api/v1/openapi.json');
    expect(spec.status()).toBe(200);
    const res = await request.get(`/api/v1/orders/${order.orderNumber}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status()).toBe(200);
    expect((await res.json()).orderNumber).toBe(order.orderNumber);

    // Shown once: after a reload only the prefix is left.
    await page.reload();
    const prefix = key.split('_')[1]!;
    const row = page.locator(`[data-testid="key-row"][data-prefix="${prefix}"]`);
    await expect(row).toContainText(name);
    expect(await page.content()).not.toContain(key);

    await row.getByRole('button', { name: `${msg('en', 'staffAdmin.apiKeys.revoke')}: ${name}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: msg('en', 'staffAdmin.apiKeys.revoke') }).click();
    await expect(row.getByTestId('key-status')).toContainText('Revoked');
    const after = await request.get(`/api/v1/orders/${order.orderNumber}`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status()).toBe(401);
  });
});
