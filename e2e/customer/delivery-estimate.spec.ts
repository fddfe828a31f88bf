import { sql } from 'drizzle-orm';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

// Issue 18: an honest estimate — the window and how sure it is, and the promise kept per carrier.

type Locale = 'fi' | 'en';

/** The message with its arguments left out: the parts a customer reads whatever the values. */
const fixedParts = (locale: Locale, key: string) =>
  msg(locale, key)
    .split(/\{[^}]*\}/)
    .map((part) => part.trim())
    .filter((part) => part.length > 2);

for (const locale of ['fi', 'en'] as const) {
  test(`[ESTIMATE] ${locale}: the demo's Posti parcel shows its window and how many in 10 parcels on the route arrive in it`, async ({ page, db, expectNoAxeViolations }) => {
    test.slow();
    const [demo] = (await db.execute(sql`
      select o.order_number, o.email, s.predicted_hits as hits, s.predicted_samples as samples
        from shipments s join orders o on o.id = s.order_id
       where s.carrier = 'posti' and s.status = 'info_received' and s.predicted_samples is not null and s.predicted_from >= current_date
       limit 1`)) as unknown as Array<{ order_number: string; email: string; hits: number; samples: number }>;
    expect(demo, 'the demo seed has a parcel with a confidence line').toBeDefined();
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(demo!.order_number, demo!.email);
    await expect(page).toHaveURL(new RegExp(`/${locale}/orders/${demo!.order_number}$`), { timeout: 40_000 });

    const window = page.getByTestId('parcel-window');
    await expect(window).toBeVisible();
    for (const part of [...fixedParts(locale, 'deliveryEstimate.window'), ...fixedParts(locale, 'deliveryEstimate.confidence.route')]) await expect(window).toContainText(part);
    const share = Math.floor((demo!.hits * 10) / demo!.samples);
    await expect(window).toContainText(String(demo!.samples));
    if (locale === 'en') {
      // "Expected Tue 8 Dec – Wed 9 Dec · 9 in 10 parcels on this route arrive in this window (based on 25 delivered parcels)"
      await expect(window).toHaveText(new RegExp(`^Expected .+ · ${share} in 10 parcels on this route arrive in this window \\(based on ${demo!.samples} delivered parcels\\)$`));
    }
    await expectNoAxeViolations(page);
  });
}

test('[ESTIMATE] en: a late parcel shows a new date and no window that is already past', async ({ page, db, makeOrder }) => {
  test.slow();
  const order = await makeOrder('en');
  // The Matkahuolto parcel: its window (with a confidence claim) and every other estimate lie in the past.
  await db.execute(sql`
    update shipments set status = 'in_transit', pickup_point = null, pickup_deadline = null, carrier_eta = null,
      promised_date = current_date - 4, predicted_date = current_date - 3, predicted_from = current_date - 3, predicted_to = current_date - 2,
      predicted_hits = 18, predicted_samples = 20, predicted_basis = 'route'
    where order_id = ${order.id} and carrier = 'matkahuolto'`);
  await db.execute(sql`
    update tracking_events set status = 'in_transit', description = 'Saapunut määräterminaaliin', occurred_at = now() - interval '2 days'
    where shipment_id = (select id from shipments where order_id = ${order.id} and carrier = 'matkahuolto')`);
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page).toHaveURL(new RegExp(`/en/orders/${order.orderNumber}$`), { timeout: 40_000 });

  const late = page.getByTestId('parcel').nth(1);
  await expect(late.getByText(msg('en', 'firstScreen.estimate.revised'))).toBeVisible();
  await expect(late.getByTestId('parcel-window')).toHaveCount(0);
  await expect(late).not.toContainText('in 10 parcels');
  // The date it shows is the re-predicted one the first sentence repeats (reestimate.ts: never before today).
  const shown = (await late.getByTestId('expected-date').textContent())!.trim();
  await expect(page.getByTestId('order-summary')).toContainText(shown);
});

test('[ESTIMATE] the delivery page, linked from the footer, lists Posti with parcels, % kept and median days, and says what the figure means', async ({ page, expectNoAxeViolations }) => {
  test.slow();
  await page.goto('/en');
  await page.getByRole('link', { name: msg('en', 'deliveryEstimate.page.footerLink') }).click();
  await expect(page).toHaveURL(/\/en\/delivery$/);
  await expect(page.getByRole('heading', { level: 1, name: msg('en', 'deliveryEstimate.page.title') })).toBeVisible();
  const table = page.getByTestId('promise-kept');
  await expect(table.getByRole('columnheader', { name: msg('en', 'deliveryEstimate.page.kept') })).toBeVisible();
  const posti = table.getByRole('row', { name: /Posti/ });
  await expect(posti).toBeVisible();
  // "Posti | 24 | 92% (22 of 24) | 1 business day"
  await expect(posti).toHaveText(/Posti\s*\d+\s*\d+\s?% \(\d+ of \d+\)\s*\d+ business days?|Posti\s*\d+\s*\d+\s?% \(\d+ of \d+\)\s*same business day/);
  for (const part of fixedParts('en', 'deliveryEstimate.page.meaning')) await expect(page.getByText(part, { exact: false }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto('/fi/delivery');
  await expect(page.getByRole('heading', { level: 1, name: msg('fi', 'deliveryEstimate.page.title') })).toBeVisible();
  await expect(page.getByTestId('promise-kept').getByRole('row', { name: /Posti/ })).toBeVisible();
});
