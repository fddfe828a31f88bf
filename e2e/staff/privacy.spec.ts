import { sql } from 'drizzle-orm';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createPersonWithEverything } from '../../test/privacy-factories';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { watchCsp } from '../security/csp-watch';
import { loginAs } from './login';

const en = (key: string) => msg('en', key);

test.describe('[STAFF] data protection', () => {
  test('an admin finds everything about a customer, downloads it, and erases it in two steps; an agent is refused', async ({ page, db, expectNoAxeViolations, browser }) => {
    test.setTimeout(90_000);
    const totpSecret = generateTotpSecret();
    const admin = await createStaff(db, { role: 'admin', totpSecret, locale: 'en' });
    const person = await createPersonWithEverything(db, admin.id);
    const violations = await watchCsp(page);
    await loginAs(page, { email: admin.email, password: admin.password, totpSecret });
    await page.goto('/staff/settings/privacy');
    await expect(page.getByRole('heading', { level: 1, name: en('staffPrivacy.title') })).toBeVisible();
    await expectNoAxeViolations(page);

    // A malformed address gets a field message, not a search.
    await page.getByLabel(en('staffPrivacy.subject.email')).fill('not-an-address');
    await page.getByRole('button', { name: en('staffPrivacy.subject.find') }).click();
    await expect(page.getByText(en('staffPrivacy.errors.emailInvalid'))).toBeVisible();

    await page.getByLabel(en('staffPrivacy.subject.email')).fill(person.email);
    await page.getByRole('button', { name: en('staffPrivacy.subject.find') }).click();
    await expect(page.getByTestId('export-caseMessages')).toBeVisible();
    await page.getByTestId('export-caseMessages').locator('summary').click();
    await expect(page.getByTestId('export-caseMessages')).toContainText(`Asiakas ${person.name} soitti.`); // the internal note
    await page.getByTestId('export-emails').locator('summary').click();
    await expect(page.getByTestId('export-emails')).toContainText(person.street); // the email body
    await expectNoAxeViolations(page);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: en('staffPrivacy.subject.download') }).click();
    const file = await downloading;
    const json = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
    expect(json.sections.orders.map((o: { order_number: string }) => o.order_number).sort()).toEqual([...person.orderNumbers].sort());

    // Step 1 opens the confirmation; a mistyped address does nothing; the right one erases.
    await page.getByRole('button', { name: en('staffPrivacy.erase.start') }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeVisible();
    await expectNoAxeViolations(page);
    await dialog.getByLabel(en('staffPrivacy.erase.confirmEmail')).fill('someone.else@example.com');
    await dialog.getByRole('button', { name: en('staffPrivacy.erase.confirm') }).click();
    await expect(dialog.getByText(en('staffPrivacy.errors.confirmMismatch'))).toBeVisible();
    const [still] = await db.execute<{ email: string }>(sql`select email from orders where id = ${person.orderIds[0]!}`);
    expect(still!.email).toBe(person.email);
    await dialog.getByLabel(en('staffPrivacy.erase.confirmEmail')).fill(person.email);
    await dialog.getByRole('button', { name: en('staffPrivacy.erase.confirm') }).click();
    await expect(page.getByRole('status').filter({ hasText: '2 orders' })).toBeVisible();
    const [gone] = await db.execute<{ email: string }>(sql`select email from orders where id = ${person.orderIds[0]!}`);
    expect(gone!.email).toMatch(/@erased\.invalid$/);

    // The same search now finds nothing.
    await page.getByLabel(en('staffPrivacy.subject.email')).fill(person.email);
    await page.getByRole('button', { name: en('staffPrivacy.subject.find') }).click();
    await expect(page.getByText(en('staffPrivacy.subject.none'))).toBeVisible();

    // Retention: an out-of-range period is refused with a message; a valid one is saved.
    const photos = page.getByLabel(new RegExp(en('staffPrivacy.retention.photosDays.label')));
    await photos.fill('1');
    await page.getByRole('button', { name: en('staffPrivacy.retention.save') }).click();
    await expect(page.getByText(en('staffPrivacy.errors.outOfRange'))).toBeVisible();
    await photos.fill('180');
    await page.getByRole('button', { name: en('staffPrivacy.retention.save') }).click();
    await expect(page.getByText(en('staffPrivacy.retention.saved'))).toBeVisible();

    expect(violations()).toEqual([]); // every interaction above ran under the nonce policy

    // An agent sees why, not the tools.
    const agentPage = await (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.9.8.7' } })).newPage();
    await loginAs(agentPage, 'agent');
    await agentPage.goto('/staff/settings/privacy');
    // The settings shell is admin-only: the agent lands on the queue with a note.
    await expect(agentPage).toHaveURL(/\/staff\?denied=settings$/);
    await expect(agentPage.getByTestId('admin-only')).toHaveText(msg('fi', 'staffAdmin.adminOnly'));
    await expect(agentPage.getByLabel(msg('fi', 'staffPrivacy.subject.email'))).toHaveCount(0);
  });
});
