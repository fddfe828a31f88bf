import { eq } from 'drizzle-orm';
import { caseMessages, outbox, settings } from '../../db/schema';
import { signReplyToken } from '../../lib/cases/reply-token';
import { createCase } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

test.describe('[STAFF] desk', () => {
  test('an agent finds a case by order number and replies; the customer answers through the link; the answer is in the same case', async ({ page, browser, db, makeOrder }) => {
    const order = await makeOrder('sv');
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email, customerName: 'Sara Svensson', locale: 'sv', subject: 'Var är mitt paket?' });

    await loginAs(page, 'agent'); // the demo agent works in Finnish
    await page.getByLabel(msg('fi', 'staff.queue.search')).fill(order.orderNumber);
    await page.getByLabel(msg('fi', 'staff.queue.search')).press('Enter');
    await page.getByRole('link', { name: `#${c.number} Var är mitt paket?` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`#${c.number}`);

    const reply = 'Hej Sara! Paketet är på väg och kommer i morgon.';
    await page.getByRole('textbox', { name: msg('fi', 'staff.case.replyLabel'), exact: true }).fill(reply);
    await page.getByRole('button', { name: msg('fi', 'staff.case.sendReply') }).click();
    await expect(page.getByRole('status').filter({ hasText: msg('fi', 'staff.case.replySent') })).toBeVisible();
    await expect(page.locator('[data-kind="reply"]').filter({ hasText: reply })).toBeVisible();
    await expect(page.getByRole('region', { name: msg('fi', 'staff.case.timeline') })).toContainText(msg('fi', 'auditEvents.case.replied'));

    // The email, as captured in the outbox: Swedish, with the link back.
    const [mail] = await db.select().from(outbox).where(eq(outbox.caseId, c.id));
    expect(mail!.locale).toBe('sv');
    expect(mail!.subject).toContain(order.orderNumber);
    const link = /https?:\/\/\S+\/sv\/messages\/\S+/.exec(mail!.payload.text)![0];

    const customer = await browser.newPage();
    await customer.goto(link);
    await expect(customer.getByText(reply)).toBeVisible();
    const answer = 'Tack, då väntar jag till i morgon.';
    await customer.getByLabel(msg('sv', 'caseReply.page.answerLabel')).fill(answer);
    await customer.getByRole('button', { name: msg('sv', 'caseReply.page.submit') }).click();
    await expect(customer.getByText(msg('sv', 'caseReply.page.sent'))).toBeVisible();
    await customer.close();

    const stored = await db.select({ kind: caseMessages.kind, body: caseMessages.body }).from(caseMessages).where(eq(caseMessages.caseId, c.id));
    expect(stored).toContainEqual({ kind: 'customer_message', body: answer });
    await page.reload();
    await expect(page.locator('[data-kind="customer_message"]').filter({ hasText: answer })).toBeVisible();
  });

  test('the customer answer page refuses a broken link and an empty answer, in the customer language; axe clean at 360 px @phone', async ({ page, db, expectNoAxeViolations }) => {
    await page.goto('/fi/messages/not-a-valid-token-at-all');
    await expect(page.getByText(msg('fi', 'caseReply.page.invalidLink'))).toBeVisible();

    const c = await createCase(db, { locale: 'fi' });
    const [secret] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'app_secret'));
    const key = process.env.APP_SECRET ? Buffer.from(process.env.APP_SECRET) : Buffer.from(String(secret!.value));
    await page.goto(`/fi/messages/${signReplyToken(key, c.id)}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: msg('fi', 'caseReply.page.submit') }).click();
    await expect(page.getByRole('alert').filter({ hasText: msg('fi', 'caseReply.page.required') })).toBeVisible();
    expect(await db.select().from(caseMessages).where(eq(caseMessages.caseId, c.id))).toHaveLength(0);
  });

  test('two agents edit the same case: the second sees what changed and keeps their edit', async ({ browser, db }) => {
    const c = await createCase(db, { subject: 'Conflict test' });
    const a = await browser.newPage();
    const b = await browser.newPage();
    await loginAs(a, 'agent');
    await loginAs(b, 'agent');
    await a.goto(`/staff/cases/${c.id}`);
    await b.goto(`/staff/cases/${c.id}`);

    // Both pages work (the save button is enabled once the page has hydrated).
    await expect(a.getByRole('button', { name: msg('fi', 'staff.case.save'), exact: true })).toBeEnabled();
    await expect(b.getByRole('button', { name: msg('fi', 'staff.case.save'), exact: true })).toBeEnabled();
    // B starts editing first. The live desk refreshes B's page when A saves, and a form nobody has touched
    // takes the new values silently (no conflict to show); a form being edited keeps the agent's edit.
    await b.getByLabel(msg('fi', 'staff.case.status')).selectOption('waiting_carrier');

    await a.getByLabel(msg('fi', 'staff.case.priority')).selectOption('urgent');
    await a.getByRole('button', { name: msg('fi', 'staff.case.save'), exact: true }).click();
    await expect(a.getByRole('status').filter({ hasText: msg('fi', 'staff.case.saved') })).toBeVisible();

    await expect(b.getByLabel(msg('fi', 'staff.case.status'))).toHaveValue('waiting_carrier');
    await b.getByRole('button', { name: msg('fi', 'staff.case.save'), exact: true }).click();
    const alert = b.getByRole('alert').filter({ hasText: msg('fi', 'staff.case.conflictTitle') });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(msg('fi', 'staff.queue.priority.urgent'));
    await expect(b.getByLabel(msg('fi', 'staff.case.status'))).toHaveValue('waiting_carrier');
    await b.getByRole('button', { name: msg('fi', 'staff.case.saveAgain') }).click();
    await expect(b.getByRole('status').filter({ hasText: msg('fi', 'staff.case.saved') })).toBeVisible();
    await b.reload();
    await expect(b.getByLabel(msg('fi', 'staff.case.status'))).toHaveValue('waiting_carrier');
    await expect(b.getByLabel(msg('fi', 'staff.case.priority'))).toHaveValue('urgent');
  });

  test('bad ids and parameters never give a 500; the queue API needs a session', async ({ page, request }) => {
    expect((await request.get('/staff/api/queue?view=open')).status()).toBe(401);
    expect((await request.get('/staff/photos/not-a-uuid')).status()).toBe(401);
    await loginAs(page, 'agent');
    expect((await page.goto('/staff/cases/not-a-uuid'))!.status()).toBe(404);
    expect((await page.goto('/staff/cases/00000000-0000-4000-8000-000000000000'))!.status()).toBe(404);
    expect((await page.goto('/staff?view=bogus&after=%%%&q=' + 'x'.repeat(500)))!.status()).toBe(200);
    const api = await page.request.get('/staff/api/queue?view=nope&after=garbage&assignee=1');
    expect(api.status()).toBe(200);
    expect((await page.goto('/staff/outbox?after=zzz&status=weird'))!.status()).toBe(200);
  });

  test('staff pages are axe clean', async ({ page, db, makeOrder, expectNoAxeViolations }) => {
    // Four whole-page axe scans (the queue holds 50 dense rows): about 30 s on 2 shared cores.
    test.slow();
    const order = await makeOrder('fi');
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email });
    await loginAs(page, 'agent');
    await expectNoAxeViolations(page);
    await page.goto(`/staff/cases/${c.id}`);
    await expectNoAxeViolations(page);
    await page.goto('/staff/outbox');
    await expectNoAxeViolations(page);
    await page.goto('/staff?view=closed');
    await expectNoAxeViolations(page);
  });
});
