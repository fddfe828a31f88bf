import { and, eq } from 'drizzle-orm';
import { cases, claims, orderLines, outbox } from '../../db/schema';
import { createReturnableOrder } from '../../test/return-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const fi = (key: string) => msg('fi', key);

/**
 * Staff forms submit through JavaScript. Before React has hydrated the page a click would submit the
 * form natively (a GET with the answers in the URL, no action run): the shared SubmitButton is disabled
 * until then. The page's scripts are held back to make "before hydration" last long enough to click.
 */
test('[STAFF] a submit clicked as soon as the case page shows waits for the page to work, then answers the claim once, by email', async ({ page, db }) => {
  test.slow();
  const order = await createReturnableOrder(db, { locale: 'fi' });
  const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  // A damaged-item claim as the customer's form files it (lib/claims/submit-claim.ts is server-only): the claim and its case.
  const [claim] = await db
    .insert(claims)
    .values({ orderId: order.id, orderLineId: line!.id, type: 'damaged', quantity: 1, description: 'Vetoketju rikki', requestedRemedy: 'replacement', lines: [{ orderLineId: line!.id, quantity: 1 }] })
    .returning({ id: claims.id });
  const claimId = claim!.id;
  await db.insert(cases).values({ type: 'claim', subject: `Claim (damaged) · order ${order.orderNumber}`, customerEmail: order.email, customerName: 'Testi Asiakas', locale: 'fi', orderId: order.id, claimId });
  const [claimCase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.claimId, claimId));
  await loginAs(page, 'agent');

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?.*)?$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/staff/cases/${claimCase!.id}`, { waitUntil: 'commit' });
  const decision = page.getByTestId('claim-decision');
  const send = decision.getByRole('button', { name: fi('claimDecision.submit') });
  await expect(send).toBeVisible({ timeout: 20_000 });
  // Not yet hydrated: every JavaScript-submitted form's button waits (before, a click here posted a GET).
  await expect(send).toBeDisabled();
  await expect(page.getByRole('button', { name: fi('staff.case.sendReply'), exact: true })).toBeDisabled();
  // "Attach files" opens the picker from JavaScript: it waits too.
  await expect(page.getByRole('button', { name: fi('staff.case.attach.button') })).toBeDisabled();

  // The click comes at once; the scripts arrive a moment later.
  const click = send.click({ timeout: 30_000 });
  await page.waitForTimeout(500);
  release();
  await click;

  await expect.poll(async () => (await db.select({ status: claims.status }).from(claims).where(eq(claims.id, claimId)))[0]!.status, { timeout: 20_000 }).toBe('approved');
  expect(page.url()).not.toContain('?');
  const mails = await db.select().from(outbox).where(and(eq(outbox.caseId, claimCase!.id), eq(outbox.kind, 'claim_answered')));
  expect(mails).toHaveLength(1);
  expect(mails[0]!.recipient).toBe(order.email);
  expect(mails[0]!.payload.text).toContain(fi('claimAnswerEmail.headingApproved'));
  expect(mails[0]!.payload.text).toContain(fi('claimAnswerEmail.next.replacement'));
  // Answered: the form is gone, the case shows the claim as approved.
  await expect(decision).toHaveCount(0, { timeout: 20_000 });
});
