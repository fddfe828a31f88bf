import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

test.describe('[ADMIN] Webhooks', () => {
  test.setTimeout(120_000);

  test('an endpoint created in the settings shows its secret once; a test message arrives signed and appears in the log', async ({ page, db }) => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paluu-hooks`;
    try {
      const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
      await loginAs(page, admin);
      await page.goto('/staff/settings/webhooks');
      await expect(page.getByRole('heading', { level: 1, name: msg('en', 'webhooks.title') })).toBeVisible();

      // Nothing chosen: a localized message, nothing created.
      await page.getByLabel(msg('en', 'webhooks.url'), { exact: true }).fill(url);
      await page.getByRole('button', { name: msg('en', 'webhooks.create') }).click();
      await expect(page.getByText(msg('en', 'webhooks.errors.eventsRequired'))).toBeVisible();

      await page.getByLabel('return.approved').check();
      await page.getByRole('button', { name: msg('en', 'webhooks.create') }).click();
      const created = page.getByTestId('endpoint-created');
      await expect(created).toBeVisible();
      const secret = await created.getByRole('textbox').inputValue();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

      // Shown once: after a reload it is nowhere on the page.
      await page.reload();
      const row = page.getByTestId('endpoint-row').filter({ hasText: url });
      await expect(row).toBeVisible();
      expect(await page.content()).not.toContain(secret);
      await row.getByRole('link', { name: `${msg('en', 'webhooks.manage')}: ${url}` }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(url);
      await expect(page.getByText(msg('en', 'webhooks.deliveriesEmpty'))).toBeVisible();

      await page.getByRole('button', { name: msg('en', 'webhooks.sendTest') }).click();
      await expect(page.getByText(msg('en', 'webhooks.done.testQueued'))).toBeVisible();
      await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
      const message = received[0]!;
      const payload = new Webhook(secret).verify(message.body, {
        'webhook-id': String(message.headers['webhook-id']),
        'webhook-timestamp': String(message.headers['webhook-timestamp']),
        'webhook-signature': String(message.headers['webhook-signature']),
      }) as { type: string };
      expect(payload.type).toBe('webhook.test');

      // The log shows it delivered with the receiver's status code.
      await expect(async () => {
        await page.reload();
        const delivery = page.getByTestId('delivery-row').first();
        await expect(delivery).toHaveAttribute('data-status', 'delivered', { timeout: 1000 });
        await expect(delivery.getByTestId('delivery-code')).toHaveText('200');
        await expect(delivery).toContainText('webhook.test');
      }).toPass({ timeout: 30_000 });

      // Send again: the same message (same webhook-id) arrives a second time.
      await page.getByRole('button', { name: msg('en', 'webhooks.resend') }).click();
      await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
      expect(received[1]!.headers['webhook-id']).toBe(message.headers['webhook-id']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
