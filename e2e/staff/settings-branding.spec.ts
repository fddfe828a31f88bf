import { writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { settings } from '../../db/schema';
import { uniqueId } from '../../test/factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';
import { newPerson, ownAdmin } from './settings-helpers';

const en = (key: string) => msg('en', key);

test.describe('[SETTINGS] branding', () => {
  test('a too-light accent is refused at the field; support phone and logo reach the customer pages; SVG is refused', async ({ page, browser, db, expectNoAxeViolations }) => {
    test.setTimeout(120_000);
    const [shopBefore] = await db.select().from(settings).where(eq(settings.key, 'shop'));
    const admin = await ownAdmin(db);
    const phone = `+358 40 ${String(Date.now()).slice(-7)}`;
    const dir = os.tmpdir();
    const logoFile = path.join(dir, `${uniqueId('logo')}.png`);
    writeFileSync(logoFile, await sharp({ create: { width: 600, height: 200, channels: 3, background: '#0b5394' } }).png().toBuffer());
    const svgFile = path.join(dir, `${uniqueId('logo')}.svg`);
    writeFileSync(svgFile, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    try {
      await loginAs(page, admin);
      await page.goto('/staff/settings/branding');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('staffSettings.branding.title'));
      await expectNoAxeViolations(page);

      const accent = page.getByLabel(en('staffSettings.branding.accent'));
      await accent.fill('#ffee00');
      await expect(page.getByTestId('contrast')).toContainText('below 4.5:1');
      await page.getByRole('button', { name: en('staffSettings.branding.save') }).click();
      await expect(page.getByText(en('staffSettings.errors.contrast'))).toBeVisible();
      expect((await db.select().from(settings).where(eq(settings.key, 'shop')))[0]?.value).toEqual(shopBefore?.value);

      await accent.fill('#1f5f4a');
      await page.getByLabel(en('staffSettings.branding.supportPhone')).fill(phone);
      await page.getByRole('button', { name: en('staffSettings.branding.save') }).click();
      await expect(page.getByRole('status')).toHaveText(en('staffSettings.branding.saved'));

      await page.getByLabel(en('staffSettings.branding.logoFile')).setInputFiles(svgFile);
      await page.getByRole('button', { name: en('staffSettings.branding.upload') }).click();
      await expect(page.getByText(en('staffSettings.errors.logoType'))).toBeVisible();
      await page.getByLabel(en('staffSettings.branding.logoFile')).setInputFiles(logoFile);
      await page.getByRole('button', { name: en('staffSettings.branding.upload') }).click();
      await expect(page.getByRole('status').filter({ hasText: en('staffSettings.branding.logoSaved') })).toBeVisible();
      await expect(page.getByTestId('current-logo')).toBeVisible();

      // The customer sees the logo (named by the shop) and the support phone.
      const customer = await newPerson(browser);
      await customer.goto('/fi');
      const shopName = ((shopBefore?.value as { name?: string }) ?? {}).name ?? 'Paluu';
      const logo = customer.getByRole('banner').getByRole('img', { name: shopName });
      await expect(logo).toBeVisible();
      expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
      await expect(customer.getByTestId('support-contact').getByRole('link', { name: phone })).toHaveAttribute('href', `tel:${phone.replace(/ /g, '')}`);
      await expectNoAxeViolations(customer);
      await customer.close();
    } finally {
      // Other specs read the demo shop's branding.
      await db.update(settings).set({ value: shopBefore!.value }).where(eq(settings.key, 'shop'));
      await db.delete(settings).where(eq(settings.key, 'brandLogo'));
    }
  });
});
