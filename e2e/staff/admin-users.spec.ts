import { eq } from 'drizzle-orm';
import { outbox, staffUsers } from '../../db/schema';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

test.describe('[ADMIN] staff users', () => {
  test.setTimeout(90_000);

  test('an admin invites a person; the one-time link sets a password; the person signs in; axe clean', async ({ page, browser, db, expectNoAxeViolations }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    await loginAs(page, admin);
    await page.goto('/staff/settings/staff');
    await expect(page.getByRole('heading', { level: 1, name: msg('en', 'staffAdmin.staff.title') })).toBeVisible();
    await expectNoAxeViolations(page);

    // Bad input first: nothing is sent, the fields say why.
    await page.getByRole('button', { name: msg('en', 'staffAdmin.staff.invite') }).click();
    await expect(page.getByText(msg('en', 'staffAdmin.errors.nameRequired'))).toBeVisible();

    const email = `invitee-${Date.now()}-${Math.floor(Math.random() * 1e6)}@kuusikoivu.example`;
    await page.getByLabel(msg('en', 'staffAdmin.staff.name'), { exact: true }).fill('Ville Uusi');
    await page.getByLabel(msg('en', 'staffAdmin.staff.email')).fill(email);
    await page.getByLabel(msg('en', 'staffAdmin.staff.role')).selectOption('agent');
    await page.getByRole('button', { name: msg('en', 'staffAdmin.staff.invite') }).click();
    const done = page.getByTestId('invite-done');
    await expect(done).toBeVisible();
    const link = await done.getByLabel(msg('en', 'staffAdmin.staff.inviteLink')).inputValue();
    expect(link).toMatch(/\/staff\/invite\/[A-Za-z0-9_-]{43}$/);
    await expect(page.locator(`[data-testid="staff-row"][data-email="${email}"] [data-testid="staff-status"]`)).toContainText('Invited');

    // An email went out (captured in the outbox) with the link hidden: only the admin saw it, here, once.
    const [mail] = await db.select().from(outbox).where(eq(outbox.recipient, email));
    expect(mail!.kind).toBe('staff_invite');
    expect(mail!.payload.text).toContain('/staff/invite/[hidden]');
    expect(mail!.payload.text).not.toContain(link);

    const invitee = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const p = await invitee.newPage();
    await p.goto(new URL(link).pathname);
    await expect(p.getByRole('heading', { level: 1, name: msg('en', 'staffAdmin.invite.title') })).toBeVisible();
    await expectNoAxeViolations(p);
    await p.getByLabel(msg('en', 'staffAdmin.invite.password')).fill('short');
    await p.getByLabel(msg('en', 'staffAdmin.invite.confirm')).fill('short');
    await p.getByRole('button', { name: msg('en', 'staffAdmin.invite.submit') }).click();
    await expect(p.getByText(msg('en', 'staffAdmin.errors.passwordTooShort'))).toBeVisible();
    const password = 'kuusi koivua rannalla';
    await p.getByLabel(msg('en', 'staffAdmin.invite.password')).fill(password);
    await p.getByLabel(msg('en', 'staffAdmin.invite.confirm')).fill(password);
    await p.getByRole('button', { name: msg('en', 'staffAdmin.invite.submit') }).click();
    await expect(p.getByText(msg('en', 'staffAdmin.invite.done'))).toBeVisible();

    // Single use: the link is dead now.
    await p.goto(new URL(link).pathname);
    await expect(p.getByRole('alert').filter({ hasText: msg('en', 'staffAdmin.invite.invalid') })).toBeVisible();

    await loginAs(p, { email, password, totpSecret: null });
    await invitee.close();
    const [row] = await db.select({ lastLoginAt: staffUsers.lastLoginAt }).from(staffUsers).where(eq(staffUsers.email, email));
    expect(row!.lastLoginAt).toBeInstanceOf(Date);
  });

  test('disabling a signed-in agent ends their session at once', async ({ page, browser, db }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const agent = await createStaff(db, { role: 'agent', name: `Disable Me ${Date.now()}` });
    const agentContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const agentPage = await agentContext.newPage();
    await loginAs(agentPage, agent);

    await loginAs(page, admin);
    await page.goto('/staff/settings/staff');
    const row = page.locator(`[data-testid="staff-row"][data-email="${agent.email}"]`);
    await row.getByRole('button', { name: msg('en', 'staffAdmin.staff.disable') }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: msg('en', 'staffAdmin.confirm') }).click();
    await expect(row.getByRole('status')).toHaveText(msg('en', 'staffAdmin.done.disabled'));
    await page.reload();
    await expect(row.getByTestId('staff-status')).toHaveText(msg('en', 'staffAdmin.staff.status.disabled'));

    await agentPage.goto('/staff');
    await expect(agentPage).toHaveURL(/\/staff\/login/);
    await agentContext.close();
  });

  test('an agent sees "admins only" and no staff list', async ({ page }) => {
    await loginAs(page, 'agent');
    await page.goto('/staff/settings/staff');
    // The settings layout is admin-only: the agent lands on the queue with a note.
    await expect(page).toHaveURL(/\/staff\?denied=settings$/);
    await expect(page.getByTestId('admin-only')).toHaveText(msg('fi', 'staffAdmin.adminOnly'));
    await expect(page.getByTestId('staff-row')).toHaveCount(0);
  });
});
