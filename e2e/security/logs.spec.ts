import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { E2E_LOG_FILE } from '../../playwright.config';
import { createReturnableOrder } from '../../test/return-factories';
import { createCase } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { ReturnWizardPage } from '../pages/return-wizard';
import { loginAs } from '../staff/login';

type LogLine = { level: string; component?: string; msg: string; requestId?: string; outboxId?: string; group?: string; method?: string; status?: number | string };

function readLog(): { raw: string; lines: LogLine[] } {
  const raw = readFileSync(E2E_LOG_FILE, 'utf8');
  // Every line is one JSON object: a log shipper can parse the file as it is.
  const lines = raw
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
  return { raw, lines };
}

test('[LOGS] a lookup, a return and a staff reply leave JSON lines with request ids, and no email, name or address', async ({ page, browser, db }) => {
  test.slow();
  const order = await createReturnableOrder(db, { locale: 'en' });

  // The customer: lookup with their email, then a return through the wizard.
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.open(order.orderNumber, order.email);
  await wizard.returnItem({ item: 'Test shirt', reason: 'Changed my mind', resolution: 'storeCredit', method: 'printerless', carrier: 'Matkahuolto' });

  // An agent replies on a case of the same customer.
  const staff = await browser.newPage();
  const c = await createCase(db, { orderId: order.id, customerEmail: order.email, customerName: 'Riikka Palauttaja', locale: 'en', subject: 'Where is my refund?' });
  await loginAs(staff, 'agent');
  await staff.goto(`/staff/cases/${c.id}`);
  await staff.getByRole('textbox', { name: msg('fi', 'staff.case.replyLabel'), exact: true }).fill('Hello Riikka, your refund is on its way.');
  await staff.getByRole('button', { name: msg('fi', 'staff.case.sendReply') }).click();
  await expect(staff.getByRole('status').filter({ hasText: msg('fi', 'staff.case.replySent') })).toBeVisible();

  // The worker takes the queued mail and logs one line per message, with the request that queued it.
  const mail = await db.select().from(outbox).where(eq(outbox.orderId, order.id));
  expect(mail.length).toBeGreaterThanOrEqual(2);
  for (const message of mail) expect(message.requestId, `${message.kind} carries the request id`).toMatch(/^[0-9a-f-]{36}$/);
  await expect
    .poll(() => readLog().lines.filter((line) => mail.some((m) => m.id === line.outboxId)).length, { timeout: 20_000 })
    .toBe(mail.length);

  const { raw, lines } = readLog();
  for (const message of mail) {
    const workerLine = lines.find((line) => line.outboxId === message.id)!;
    expect(workerLine).toMatchObject({ component: 'worker', requestId: message.requestId });
    // …and that request is in the web server's log: one id from the customer's click to the sent mail.
    expect(lines.some((line) => line.component === 'web' && line.msg === 'request' && line.requestId === message.requestId)).toBe(true);
  }
  // No personal data anywhere in the file (any test's customer included: these are this test's values).
  for (const personal of [order.email, order.email.split('@')[0]!, 'Riikka', 'Palauttaja', 'Palautuskatu', order.orderNumber]) {
    expect(raw.includes(personal), `the log contains "${personal}"`).toBe(false);
  }
});
