import { eq } from 'drizzle-orm';
import { caseMessages, cases } from '../../db/schema';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

test('[ASK] sv: "Ask about this order" shows what we know first; a question then opens a case with the order attached @phone', async ({ page, db, makeOrder, expectNoAxeViolations }, testInfo) => {
  test.slow();
  const order = await makeOrder('sv');
  const lookup = new LookupPage(page, 'sv');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page).toHaveURL(new RegExp(`/sv/orders/${order.orderNumber}$`), { timeout: 20_000 });
  await page.getByRole('link', { name: msg('sv', 'firstScreen.ask.entryLink') }).click();
  await expect(page).toHaveURL(new RegExp(`/sv/orders/${order.orderNumber}/ask$`), { timeout: 20_000 });

  // What we already know comes first: the summary sentence and each parcel's state.
  const known = page.getByTestId('ask-known');
  await expect(known.getByRole('heading', { name: msg('sv', 'firstScreen.ask.knownTitle') })).toBeVisible();
  await expect(known).toContainText(msg('sv', 'parcel.status.delivered'));
  await expect(known).toContainText('K-Market Kallio');
  await expectNoAxeViolations(page);
  await testInfo.attach('ask-sv.png', { body: await page.screenshot(), contentType: 'image/png' });

  // Too short: a clear message, nothing opened.
  await page.getByLabel(msg('sv', 'firstScreen.ask.messageLabel')).fill('hej');
  await page.getByRole('button', { name: msg('sv', 'firstScreen.ask.send') }).click();
  await expect(page.getByRole('alert').filter({ hasText: msg('sv', 'firstScreen.ask.errors.messageTooShort') })).toBeVisible();
  expect(await db.select().from(cases).where(eq(cases.orderId, order.id))).toHaveLength(0);

  await page.getByLabel(msg('sv', 'firstScreen.ask.messageLabel')).fill('Kan jag byta storlek på tröjan innan den skickas?');
  await page.getByRole('button', { name: msg('sv', 'firstScreen.ask.send') }).click();
  await expect(page.getByTestId('ask-sent')).toBeVisible({ timeout: 15_000 });
  const [opened] = await db.select().from(cases).where(eq(cases.orderId, order.id));
  expect(opened).toMatchObject({ type: 'question', customerEmail: order.email, locale: 'sv' });
  const [first] = await db.select().from(caseMessages).where(eq(caseMessages.caseId, opened!.id));
  expect(first).toMatchObject({ kind: 'customer_message', body: 'Kan jag byta storlek på tröjan innan den skickas?' });
});
