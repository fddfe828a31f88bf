import { and, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { generateTotpSecret } from '../../lib/auth/totp';
import { enqueueEmail } from '../../lib/outbox/enqueue-email';
import { uniqueId } from '../../test/factories';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const en = (key: string) => msg('en', key);

test.describe('[STAFF] credentials stay with their owner (#12)', () => {
  test('an admin invites an admin; as an agent, no outbox page, preview or id yields the invitation link', async ({ page, browser, db }) => {
    test.setTimeout(180_000);
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret(), locale: 'en' });
    await loginAs(page, admin);
    await page.goto('/staff/settings/staff');
    const email = `new-admin-${Date.now()}-${Math.floor(Math.random() * 1e6)}@kuusikoivu.example`;
    await page.getByLabel(en('staffAdmin.staff.name'), { exact: true }).fill('Uusi Ylläpitäjä');
    await page.getByLabel(en('staffAdmin.staff.email')).fill(email);
    await page.getByLabel(en('staffAdmin.staff.role')).selectOption('admin');
    await page.getByRole('button', { name: en('staffAdmin.staff.invite') }).click();
    // Shown once, to the admin who made it.
    const link = await page.getByTestId('invite-done').getByLabel(en('staffAdmin.staff.inviteLink')).inputValue();
    const token = link.split('/staff/invite/')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [mail] = await db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.recipient, email), eq(outbox.kind, 'staff_invite')));

    // The admin sees that it went out, with the link hidden.
    await page.goto(`/staff/outbox/${mail!.id}`);
    await expect(page.getByText(msg('en', 'staffSecurity.outboxHidden'))).toBeVisible();
    const adminView = await page.content();
    expect(adminView).toContain('/staff/invite/[hidden]');
    expect(adminView).not.toContain(token);

    // A customer message beside it, so the agent has something to open even when this test runs alone.
    const customerMail = uniqueId('customer') + '@example.com';
    await enqueueEmail(db, { kind: 'email.case_reply', dedupeKey: uniqueId('mail'), email: { to: customerMail, subject: 'Re: your order', html: '<p>Hello</p>', text: 'Hello' } });
    const agent = await createStaff(db, { role: 'agent', locale: 'en' });
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { 'x-forwarded-for': `10.77.${Math.floor(Math.random() * 250)}.9` } });
    const agentPage = await context.newPage();
    await loginAs(agentPage, agent);
    for (const query of ['', `?to=${encodeURIComponent(email)}`, '?kind=staff_invite', '?status=captured', '?status=pending']) {
      await agentPage.goto(`/staff/outbox${query}`);
      await expect(agentPage.getByRole('heading', { level: 1, name: en('staff.outbox.title') })).toBeVisible();
      expect(await agentPage.content()).not.toContain(token);
      // (The recipient filter echoes the address typed into it; the table must not list the message.)
      expect(await agentPage.getByRole('region', { name: en('staff.outbox.title') }).innerHTML()).not.toContain(email);
    }
    // Every message an agent can open (previews and plain text included) is free of staff links. Each page is read as
    // the server sends it, with the agent's session: every byte, without rendering a page per message of the outbox.
    await agentPage.goto('/staff/outbox');
    const hrefs = await agentPage.locator('table a[href^="/staff/outbox/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      const response = await agentPage.request.get(href);
      expect(response.status(), href).toBe(200);
      const html = await response.text();
      expect(html).toContain('<iframe'); // the message's preview, so its HTML is in what was read
      expect(html).not.toContain(token);
      expect(html).not.toMatch(/\/staff\/invite\/[A-Za-z0-9_-]{43}/);
    }
    // The invitation itself, by id: as if it did not exist.
    expect((await agentPage.goto(`/staff/outbox/${mail!.id}`))!.status()).toBe(404);
    expect(await agentPage.content()).not.toContain(token);
    // And the data export is not theirs to run.
    await agentPage.goto('/staff/settings/privacy');
    expect(await agentPage.content()).not.toContain(token);
    await context.close();
  });

  test('guesses from one address are slowed ("try again in N seconds"); the owner signs in from another at once', async ({ page, browser, db }) => {
    test.setTimeout(120_000);
    const owner = await createStaff(db, { role: 'agent', locale: 'en' });
    await page.goto('/staff/login');
    const alert = page.locator('form [role="alert"]');
    let slowed = false;
    for (let i = 0; i < 12 && !slowed; i++) {
      await page.locator('#email').fill(owner.email);
      await page.locator('#password').fill(`wrong-guess-${i}`);
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/staff/login');
      await page.locator('form button[type="submit"]').click();
      await answered;
      await expect(page.locator('form button[type="submit"]')).toBeEnabled();
      await expect(alert).toBeVisible();
      const text = (await alert.textContent()) ?? '';
      if (/^Too many attempts\. Try again in \d+ seconds?\.$/.test(text)) slowed = true;
      else expect(text).toBe(en('staff.login.invalid'));
    }
    expect(slowed).toBe(true);

    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { 'x-forwarded-for': `10.88.${Math.floor(Math.random() * 250)}.7` } });
    const ownerPage = await context.newPage();
    await loginAs(ownerPage, owner);
    await expect(ownerPage).toHaveURL(/\/staff$/);
    await context.close();
  });
});
