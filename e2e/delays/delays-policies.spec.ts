import { eq } from 'drizzle-orm';
import { delayIncidents, orders, outbox } from '../../db/schema';
import { createNoticedOrder } from '../../test/delay-factories';
import { mintTrackingLink } from '../../lib/tracking-links/mint-tracking-link';
import { expect, msg, test } from '../fixtures';
import { RemedyPage } from '../pages/remedy-page';
import { StaffDelaysPage } from '../pages/staff-delays-page';
import { loginAs } from '../staff/login';
import { breachParcel, ensurePolicies, incidentOf, noticeMail, stallParcel, sweep } from './support';

test.describe('[DELAYS] policies, dismissing, accessibility', () => {
  test.beforeEach(async ({ db }) => ensurePolicies(db));

  test('dismissing a group in /staff/delays sends nothing; the page is axe clean', async ({ page, db, makeOrder, expectNoAxeViolations }) => {
    // The view lists every open incident of the shared e2e database: give it room on a busy machine.
    test.setTimeout(60_000);
    const order = await makeOrder('fi');
    const shipmentId = await stallParcel(db, order);
    await sweep(db);
    const incident = await incidentOf(db, shipmentId, 'stalled_in_transit');
    expect(incident).not.toBeNull();

    await loginAs(page, 'agent');
    const delays = new StaffDelaysPage(page, 'fi');
    await delays.goto();
    await expect(delays.groupWith(order.orderNumber)).toBeVisible();
    await expectNoAxeViolations(page);

    // Nothing selected: the form says so and nothing happens.
    await delays.button(order.orderNumber, 'dismissSelected').click();
    await expect(delays.groupWith(order.orderNumber).getByRole('alert')).toHaveText(msg('fi', 'staffDelays.errors.selectSome'));

    // Keyboard: Space ticks the box, the dialog confirms.
    await delays.checkbox(order.orderNumber).focus();
    await page.keyboard.press('Space');
    await expect(delays.checkbox(order.orderNumber)).toBeChecked();
    await delays.button(order.orderNumber, 'dismissSelected').click();
    await delays.confirmDismiss().click();
    await expect(page.getByText(/^1 tapausta ohitettu/)).toBeVisible();
    await expect(delays.groupWith(order.orderNumber)).toHaveCount(0);

    const [after] = await db.select().from(delayIncidents).where(eq(delayIncidents.id, incident!.id));
    expect(after!.dismissedAt).not.toBeNull();
    expect(await noticeMail(db, order.id)).toHaveLength(0);
    expect(await db.select().from(outbox).where(eq(outbox.orderId, order.id))).toHaveLength(0);
    // A later sweep neither reopens nor notifies.
    await sweep(db);
    expect(await noticeMail(db, order.id)).toHaveLength(0);
  });

  test('an auto-send kind gets its notice from the sweep alone, without staff', async ({ db, makeOrder }) => {
    const order = await makeOrder('en');
    const shipmentId = await breachParcel(db, order.id);
    await sweep(db);
    expect(await incidentOf(db, shipmentId, 'eta_breached')).not.toBeNull();
    const mails = await noticeMail(db, order.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail).toMatchObject({ recipient: order.email, locale: 'en' });
    expect(mails[0]!.mail!.payload.text).toMatch(/\/en\/delays\/[A-Za-z0-9_-]+/);
    // Exactly once: another sweep adds nothing.
    await sweep(db);
    expect(await noticeMail(db, order.id)).toHaveLength(1);
  });

  for (const locale of ['fi', 'sv', 'en'] as const) {
    test(`the remedy page in ${locale}: axe clean, keyboard, 360 px @phone`, async ({ page, db, expectNoAxeViolations }) => {
      const n = await createNoticedOrder(db, { locale });
      const remedy = new RemedyPage(page, locale);
      await remedy.open(`/${locale}/delays/${n.token}`);
      await expect(page.getByRole('heading', { name: msg(locale, 'remedy.chooseTitle') })).toBeVisible();
      await expectNoAxeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
      // Keyboard only: focus the first choice and press Enter.
      await remedy.chooseControl('keep_waiting').focus();
      await page.keyboard.press('Enter');
      await expect(remedy.chosen()).toContainText(msg(locale, 'remedy.options.keep_waiting.title'));
      await expectNoAxeViolations(page);
    });
  }

  test('an unknown or broken link shows a friendly page, not an error', async ({ page, expectNoAxeViolations }) => {
    for (const path of ['/sv/delays/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/sv/delays/short', '/sv/delays/%3Cscript%3E']) {
      const response = await page.goto(path);
      expect(response!.status()).toBeLessThan(500);
      await expect(page.getByRole('heading', { name: msg('sv', 'remedy.invalidTitle') })).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });

  test('the tracking link view shows the banner without personal data or the remedy link', async ({ page, db }) => {
    const n = await createNoticedOrder(db, { locale: 'fi' });
    const { token } = await mintTrackingLink(db, { orderId: n.order.id });
    await page.goto(`/t/${token}`);
    const banner = page.getByTestId('delay-banner');
    await expect(banner).toContainText(msg('fi', 'delayBanner.linkView'));
    await expect(banner.getByRole('link')).toHaveCount(0);
    const text = (await banner.textContent()) ?? '';
    for (const secret of [n.order.email, 'Asiakas', n.order.street, '00100']) expect(text).not.toContain(secret);
  });
});

test('[DELAYS] a cancel within the budget waits for staff; the agent issues the refund from the case', async ({ page, browser, db }) => {
  const n = await createNoticedOrder(db, { locale: 'en' });
  await db.update(orders).set({ capturedAmount: 20_000 }).where(eq(orders.id, n.order.id));
  const customerContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.201.7.9' } });
  const remedy = new RemedyPage(await customerContext.newPage(), 'en');
  await remedy.open(`/en/delays/${n.token}`);
  await remedy.chooseControl('cancel_refund').click();
  await remedy.confirmCancel().click();
  await expect(remedy.chosen()).toContainText(msg('en', 'remedy.options.cancel_refund.title'));
  await customerContext.close();

  await loginAs(page, 'agent');
  await page.getByLabel(msg('fi', 'staff.queue.search')).fill(n.order.orderNumber);
  await page.getByLabel(msg('fi', 'staff.queue.search')).press('Enter');
  await page.getByRole('link', { name: new RegExp(`customer chose cancel_refund · order ${n.order.orderNumber}`) }).click();
  const given = page.getByTestId('compensations');
  await expect(given).toContainText(msg('fi', 'goodwill.statuses.approved'));
  expect((await db.select({ r: orders.refundedAmount }).from(orders).where(eq(orders.id, n.order.id)))[0]!.r).toBe(0);
  await given.getByRole('button', { name: new RegExp(`^${msg('fi', 'staffDelays.issue.button')}`) }).click();
  await expect(given).toContainText(msg('fi', 'goodwill.statuses.issued'));
  expect((await db.select({ r: orders.refundedAmount }).from(orders).where(eq(orders.id, n.order.id)))[0]!.r).toBe(2980);
});
