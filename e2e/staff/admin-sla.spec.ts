import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

test.describe('[ADMIN] SLA, calendar and carriers', () => {
  test.setTimeout(90_000);

  test('changing a target changes when a case opened now is due; bad input is refused; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    const [original] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'sla'));
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    try {
      await loginAs(page, admin);
      await page.goto('/staff/settings/sla');
      await expect(page.getByRole('heading', { level: 1, name: msg('en', 'staffAdmin.sla.title') })).toBeVisible();
      await expectNoAxeViolations(page);
      const due = page.getByTestId('due-first-withdrawal');
      const before = await due.textContent();
      const type = msg('en', 'staffAdmin.sla.types.withdrawal');
      const field = page.getByLabel(msg('en', 'staffAdmin.sla.firstResponseFor').replace('{type}', type));

      await field.fill('0');
      await page.getByRole('button', { name: msg('en', 'staffAdmin.sla.submit') }).click();
      await expect(page.getByText(msg('en', 'staffAdmin.errors.hoursInvalid'))).toBeVisible();
      await expect(due).toHaveText(before!);

      await field.fill('100');
      await page.getByRole('button', { name: msg('en', 'staffAdmin.sla.submit') }).click();
      await expect(page.getByRole('status').filter({ hasText: msg('en', 'staffAdmin.done.saved') })).toBeVisible();
      await expect(due).not.toHaveText(before!);
      await page.reload();
      await expect(field).toHaveValue('100');
    } finally {
      // Other specs rely on the demo SLA: put it back.
      if (original) await db.update(settings).set({ value: original.value }).where(eq(settings.key, 'sla'));
      else await db.delete(settings).where(eq(settings.key, 'sla'));
    }
  });

  test('carriers: a generated webhook secret is shown once, then only "set"; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    await loginAs(page, admin);
    await page.goto('/staff/settings/carriers');
    await expect(page.getByRole('heading', { level: 1, name: msg('en', 'staffAdmin.carriers.title') })).toBeVisible();
    const section = page.getByTestId('carrier-matkahuolto');
    await section.locator('summary').click();
    await expectNoAxeViolations(page);
    await section.getByRole('button', { name: msg('en', 'staffAdmin.carriers.rotate') }).click();
    const shown = section.getByRole('textbox', { name: msg('en', 'staffAdmin.carriers.secretNames.webhookSecret'), exact: true });
    await expect(shown).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
    const secret = await shown.inputValue();
    await expect(section.getByTestId('secret-matkahuolto-webhookSecret')).toContainText('Set, changed');
    await page.reload();
    expect(await page.content()).not.toContain(secret);
  });

  test('carriers: the booking settings ask only for what the carrier’s booking client reads', async ({ page, db }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    await loginAs(page, admin);
    await page.goto('/staff/settings/carriers');
    const field = (section: ReturnType<typeof page.getByTestId>, key: string) => section.getByRole('textbox', { name: msg('en', key), exact: true });
    // PostNord books with an API key and the customer number: no API user to fill in.
    const postnord = page.getByTestId('carrier-postnord');
    await postnord.locator('summary').click();
    await expect(field(postnord, 'staffAdmin.carriers.booking.customerNumber')).toBeVisible();
    await expect(field(postnord, 'staffAdmin.carriers.booking.apiUser')).toHaveCount(0);
    await expect(postnord.getByTestId('secret-postnord-bookingApiKey')).toBeVisible();
    // Posti books through Pakettikauppa's merchant key and secret: no customer number.
    const posti = page.getByTestId('carrier-posti');
    await posti.locator('summary').click();
    await expect(field(posti, 'staffAdmin.carriers.booking.apiUser')).toBeVisible();
    await expect(field(posti, 'staffAdmin.carriers.booking.customerNumber')).toHaveCount(0);
    // Matkahuolto books through Pakettikauppa too, DHL Express with the MyDHL user, password and account number.
    const matkahuolto = page.getByTestId('carrier-matkahuolto');
    await matkahuolto.locator('summary').click();
    await expect(field(matkahuolto, 'staffAdmin.carriers.booking.apiUser')).toBeVisible();
    await expect(field(matkahuolto, 'staffAdmin.carriers.booking.customerNumber')).toHaveCount(0);
    const dhl = page.getByTestId('carrier-dhl');
    await dhl.locator('summary').click();
    await expect(field(dhl, 'staffAdmin.carriers.booking.apiUser')).toBeVisible();
    await expect(field(dhl, 'staffAdmin.carriers.booking.customerNumber')).toBeVisible();
    await expect(dhl.getByTestId('secret-dhl-bookingApiKey')).toBeVisible();
    // A carrier without a booking client asks for no booking key.
    const instabox = page.getByTestId('carrier-instabox');
    await instabox.locator('summary').click();
    await expect(instabox.getByTestId('secret-instabox-bookingApiKey')).toHaveCount(0);
    await expect(field(instabox, 'staffAdmin.carriers.booking.apiUser')).toHaveCount(0);
  });
});
