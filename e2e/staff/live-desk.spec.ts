import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { caseMessages, settings } from '../../db/schema';
import { signReplyToken } from '../../lib/cases/reply-token';
import { createCase, createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const en = (key: string, name?: string) => msg('en', key).replace('{name}', name ?? '');

test.describe('[STAFF] live desk: two agents on one case', () => {
  test('B sees A viewing and typing, A’s reply and the customer’s answer appear without a reload, and B’s send over them asks first', async ({ browser, db }) => {
    test.setTimeout(180_000);
    const tag = randomInt(1e6).toString(36);
    const anna = await createStaff(db, { name: `Anna Live ${tag}`, locale: 'en' });
    const bert = await createStaff(db, { name: `Bert Live ${tag}`, locale: 'en' });
    const customerEmail = `live.${tag}.${Date.now().toString(36)}@example.com`;
    const c = await createCase(db, { locale: 'fi', subject: `Live ${tag}`, customerEmail });

    const contextA = await browser.newContext();
    const contextB = await browser.newContext();
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    await loginAs(a, { email: anna.email, password: anna.password, totpSecret: null });
    await loginAs(b, { email: bert.email, password: bert.password, totpSecret: null });
    await b.goto(`/staff/cases/${c.id}`);
    await a.goto(`/staff/cases/${c.id}`);

    // Presence, as text in a polite live region: each sees the other, never themselves.
    const presenceB = b.getByTestId('case-presence').getByRole('status');
    await expect(presenceB).toHaveAttribute('aria-live', 'polite');
    await expect(presenceB).toHaveText(en('staff.live.viewing', anna.name));
    await expect(a.getByTestId('case-presence').getByRole('status')).toHaveText(en('staff.live.viewing', bert.name));

    // B starts writing (the case has no messages yet); a marker tells whether B's page ever reloads.
    await b.evaluate(() => ((window as unknown as { liveMarker: number }).liveMarker = 1));
    const replyBoxB = b.getByRole('textbox', { name: msg('en', 'staff.case.replyLabel'), exact: true });
    await replyBoxB.fill('Hei! Tarkistan asian.');

    // A types: B reads "Anna is typing…".
    const replyBoxA = a.getByRole('textbox', { name: msg('en', 'staff.case.replyLabel'), exact: true });
    await replyBoxA.pressSequentially('Paketti on matkalla', { delay: 20 });
    await expect(presenceB).toHaveText(en('staff.live.typing', anna.name));

    // B also has the queue open (filtered to this customer): it updates on the push, without the old 7 s poll.
    const queue = await contextB.newPage();
    await queue.goto(`/staff?view=open&q=${encodeURIComponent(customerEmail)}`);
    const row = queue.locator(`tr[data-case="${c.id}"]`);
    await expect(row).toBeVisible();
    await queue.waitForTimeout(1_000); // the stream connects

    // A sends: the reply appears on B's page without a reload, and B's draft is kept.
    await a.getByRole('button', { name: msg('en', 'staff.case.sendReply') }).click();
    await expect(b.locator('[data-kind="reply"]').filter({ hasText: 'Paketti on matkalla' })).toBeVisible({ timeout: 20_000 });
    await expect(replyBoxB).toHaveValue('Hei! Tarkistan asian.');
    // The queue row's last-message preview shows A's reply (the fallback poll runs only while the stream is down, every 15 s).
    await expect(row).toContainText('Paketti on matkalla', { timeout: 12_000 });
    await queue.close();
    // A stopped typing: viewing again.
    await expect(presenceB).toHaveText(en('staff.live.viewing', anna.name), { timeout: 15_000 });

    // B sends over A's reply: asked first, nothing sent.
    await b.getByRole('button', { name: msg('en', 'staff.case.sendReply') }).click();
    const ask = b.getByRole('alertdialog', { name: msg('en', 'staff.live.collisionTitle') });
    await expect(ask).toBeVisible();
    const bertsReplies = () => db.select().from(caseMessages).where(and(eq(caseMessages.caseId, c.id), eq(caseMessages.authorStaffId, bert.id)));
    expect(await bertsReplies()).toHaveLength(0);

    // Review: the prompt closes; the draft stays; the next send goes through (B has now seen A's reply).
    await ask.getByRole('button', { name: msg('en', 'staff.live.review') }).click();
    await expect(ask).toBeHidden();
    await expect(replyBoxB).toHaveValue('Hei! Tarkistan asian.');

    // Meanwhile the customer answers through their link: it appears on B's page too.
    const [secret] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'app_secret'));
    const key = process.env.APP_SECRET ? Buffer.from(process.env.APP_SECRET) : Buffer.from(String(secret!.value));
    const customer = await browser.newPage();
    await customer.goto(`/fi/messages/${signReplyToken(key, c.id)}`);
    await customer.getByLabel(msg('fi', 'caseReply.page.answerLabel')).fill('Kiitos, odotan huomiseen.');
    await customer.getByRole('button', { name: msg('fi', 'caseReply.page.submit') }).click();
    await expect(customer.getByText(msg('fi', 'caseReply.page.sent'))).toBeVisible();
    await customer.close();
    await expect(b.locator('[data-kind="customer_message"]').filter({ hasText: 'Kiitos, odotan huomiseen.' })).toBeVisible({ timeout: 20_000 });

    // B sends again: the customer's answer arrived since the review → asked again; "Send anyway" sends once.
    await b.getByRole('button', { name: msg('en', 'staff.case.sendReply') }).click();
    await expect(ask).toBeVisible();
    expect(await bertsReplies()).toHaveLength(0);
    await ask.getByRole('button', { name: msg('en', 'staff.live.sendAnyway') }).click();
    await expect(b.getByRole('status').filter({ hasText: msg('en', 'staff.case.replySent') })).toBeVisible();
    await expect.poll(async () => (await bertsReplies()).length).toBe(1);
    await expect(b.locator('[data-kind="reply"]').filter({ hasText: 'Hei! Tarkistan asian.' })).toBeVisible({ timeout: 20_000 });
    expect(await bertsReplies()).toHaveLength(1);
    expect(await b.evaluate(() => (window as unknown as { liveMarker?: number }).liveMarker)).toBe(1);

    // A closes the tab: B no longer sees Anna.
    await a.close();
    await expect(presenceB).toHaveText('', { timeout: 15_000 });
    await contextA.close();
    await contextB.close();
  });
});
