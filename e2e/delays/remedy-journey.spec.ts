import { eq } from 'drizzle-orm';
import { compensations, notices } from '../../db/schema';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { RemedyPage } from '../pages/remedy-page';
import { StaffDelaysPage } from '../pages/staff-delays-page';
import { loginAs } from '../staff/login';
import { ensurePolicies, incidentOf, noticeMail, stallParcel, sweep } from './support';

test.describe('[DELAYS] stalled parcel → notice → the customer cancels → staff', () => {
  test.beforeEach(async ({ db }) => ensurePolicies(db));

  test('a stalled parcel opens an incident; staff send the Swedish notice; the customer picks cancel and refund; the agent finds the case with the refund waiting', async ({ page, browser, db, makeOrder, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    const order = await makeOrder('sv');
    const shipmentId = await stallParcel(db, order);

    // The sweep (the worker runs it every 5 minutes) opens the incident; this kind waits for staff.
    await sweep(db);
    const incident = await incidentOf(db, shipmentId, 'stalled_in_transit');
    expect(incident).not.toBeNull();
    expect(await noticeMail(db, order.id)).toHaveLength(0);

    // The agent (Finnish desk) sees the group with a Swedish preview and sends to this customer.
    await loginAs(page, 'agent');
    const delays = new StaffDelaysPage(page, 'fi');
    await delays.goto();
    const group = delays.groupWith(order.orderNumber);
    await expect(group.getByRole('heading', { level: 3 })).toContainText(msg('fi', 'staffDelays.kinds.stalled_in_transit'));
    await expect(group.getByRole('heading', { level: 5 }).filter({ hasText: 'Svenska' })).toBeVisible();
    await delays.checkbox(order.orderNumber).check();
    await delays.button(order.orderNumber, 'sendSelected').click();
    await expect(page.getByText(/^1 ilmoitusta jonossa/)).toBeVisible();

    // The email, as the outbox holds it: Swedish, about this order, with the remedy link.
    const [sent] = await noticeMail(db, order.id);
    expect(sent!.notice.locale).toBe('sv');
    expect(sent!.mail!.locale).toBe('sv');
    expect(sent!.mail!.recipient).toBe(order.email);
    expect(sent!.mail!.subject).toContain(order.orderNumber);
    expect(sent!.mail!.payload.html).toMatch(/<html[^>]* lang="sv(-[A-Z]{2})?"/);
    const link = /https?:\/\/\S+(\/sv\/delays\/[A-Za-z0-9_-]+)/.exec(sent!.mail!.payload.text)!;
    expect(link).not.toBeNull();

    // The customer opens the link: the same notice, in Swedish, with the choices. Opening changes nothing.
    const customerContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.200.1.2' } });
    const customer = await customerContext.newPage();
    const remedy = new RemedyPage(customer, 'sv');
    await remedy.open(link[1]!);
    const heading = customer.getByRole('heading', { level: 1 });
    await expect(heading).toBeVisible();
    const noticeHeading = (await heading.textContent())!.trim();
    // The page tells the customer what the email told them: the same heading as the email's.
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/.exec(sent!.mail!.payload.html)?.[1];
    expect(h1).toBe(noticeHeading);
    await expect(remedy.option('cancel_refund')).toContainText(msg('sv', 'remedy.options.cancel_refund.title'));
    await expect(remedy.option('keep_waiting')).toContainText(msg('sv', 'remedy.options.keep_waiting.title'));
    await expectNoAxeViolations(customer);
    await remedy.chooseControl('cancel_refund').click();
    await expect(customer.getByRole('heading', { name: msg('sv', 'remedy.confirmTitle') })).toBeVisible();
    await customer.reload();
    const [untouched] = await db.select({ chosen: notices.remedyChosen }).from(notices).where(eq(notices.id, sent!.notice.id));
    expect(untouched!.chosen).toBeNull();
    await remedy.confirmCancel().click();
    await expect(remedy.chosen()).toContainText(msg('sv', 'remedy.thanks'));
    await expect(remedy.chosen()).toContainText(msg('sv', 'remedy.options.cancel_refund.title'));

    // A second visit shows the recorded choice, not the options.
    await remedy.open(link[1]!);
    await expect(remedy.chosen()).toBeVisible();
    await expect(remedy.option('keep_waiting')).toHaveCount(0);
    await customerContext.close();

    // Staff: the delivery_issue case in the queue, the refund of the undelivered socks waiting.
    const [refund] = await db.select().from(compensations).where(eq(compensations.orderId, order.id));
    expect(refund).toMatchObject({ kind: 'partial_refund', amount: 2980 });
    await page.goto('/staff');
    await page.getByLabel(msg('fi', 'staff.queue.search')).fill(order.orderNumber);
    await page.getByLabel(msg('fi', 'staff.queue.search')).press('Enter');
    await page.getByRole('link', { name: new RegExp(`customer chose cancel_refund · order ${order.orderNumber}`) }).click();
    // The case page, not the queue's own heading: wait for the navigation to land.
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('#');
    const given = page.getByTestId('compensations');
    await expect(given).toContainText(msg('fi', 'goodwill.kinds.partial_refund'));
    await expect(given).toContainText(msg('fi', `goodwill.statuses.${refund!.status}`));
    await expect(page.locator('[data-kind="internal_note"]').filter({ hasText: 'Cancel and refund' })).toBeVisible();

    // And the tracking page shows the notice as a banner with the choice.
    const trackContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.200.1.3' } });
    const track = await trackContext.newPage();
    const lookup = new LookupPage(track, 'sv');
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    const banner = track.getByTestId('delay-banner');
    await expect(banner).toContainText(noticeHeading);
    await expect(banner).toContainText(msg('sv', 'remedy.options.cancel_refund.title'));
    await trackContext.close();
  });
});
