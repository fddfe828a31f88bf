import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { and, eq, sql } from 'drizzle-orm';
import { carrierLabels, cases, domainEvents, returnPolicies, returns, shipments, variants } from '../../db/schema';
import { createApiKey } from '../../lib/api-keys/create-api-key';
import { createReturnableOrder } from '../../test/return-factories';
import { expect, msg, test } from '../fixtures';
import { ReturnWizardPage } from '../pages/return-wizard';
import { loginAs } from '../staff/login';
import { ownAdmin } from '../staff/settings-helpers';

const fi = (key: string) => msg('fi', key);

// Ship now is off by default: this spec turns it on in the run's database (idempotent, so the desktop and phone
// projects running at once agree). It is left on: turning it off after one test would pull it from under the other
// project's test mid-wizard. Other specs do not depend on it being off (the offer only adds a choice to exchanges).
test.beforeEach(async ({ db }) => {
  await db.update(returnPolicies).set({ shipExchangeNow: true, shipNowChargeAfterDays: 14, shipNowMaxOrderValue: null }).where(eq(returnPolicies.isActive, true));
});

test('[RETURN] fi: an exchange with "send my new item now" — chosen, kept on review, its parcel awaits the shop at submit, shown to customer and agent, then the shop\'s shipment gives it the real tracking number; axe clean @phone', async ({ page, browser, request, db, expectNoAxeViolations }) => {
  test.slow();
  let staffPage: Page | null = null;
  let caseId = '';
  const order = await createReturnableOrder(db, { locale: 'fi', siblingStock: [0, 3] });
  const wizard = new ReturnWizardPage(page, 'fi');
  await wizard.openAtResolution(order, 'Test shirt', 'Liian pieni');

  // A refund is not an exchange: no "send now" offer.
  await wizard.chooseResolution('refund');
  await expect(page.getByTestId('ship-now')).toHaveCount(0);
  await wizard.chooseResolution('exchangeVariant');
  await wizard.chooseSize('S1');
  const offer = page.getByTestId('ship-now');
  await expect(offer.getByText(fi('shipNow.wizard.legend'))).toBeVisible();
  await expect(page.getByRole('radio', { name: new RegExp(fi('shipNow.wizard.now')) })).not.toBeChecked();
  // The consequence is stated plainly, with the deadline date in Finnish ("… perillä viimeistään 20. joulukuuta 2026 …").
  await expect(offer).toContainText(/perillä viimeistään \d{1,2}\. [a-zä]+kuuta \d{4}/);
  await page.getByRole('radio', { name: new RegExp(fi('shipNow.wizard.now')) }).check();
  await expectNoAxeViolations(page);
  await wizard.continue();
  await wizard.chooseMethod('drop_off', 'Posti');
  await wizard.continue();
  await wizard.expectStep('review', 5);
  await expect(page.getByTestId('review-ship-now')).toContainText(/Uusi tuotteesi lähetetään heti\. Palautuksesi on oltava perillä viimeistään/);
  await expectNoAxeViolations(page);
  const rma = await wizard.submit();

  // The return page says the new item goes first; its parcel is being prepared by the shop — no tracking number yet.
  await expect(page.getByTestId('return-ship-now')).toContainText(fi('shipNow.status.title'));
  await expect(page.getByTestId('return-ship-now')).toContainText(/perillä viimeistään/);
  await expect(page.getByTestId('exchange-awaiting-shop')).toHaveText(fi('parcel.awaitingShop'));
  await expect(page.getByRole('link', { name: fi('returnPage.trackExchange') })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const returnPage = page.url();
  // The order's parcels: the waiting one is a card that says so, with no carrier number or link.
  await page.goto(`/fi/orders/${order.orderNumber}`);
  await expect(page.getByTestId('parcel-awaiting-shop')).toHaveText(fi('parcel.awaitingShop'));
  await expect(page.getByText(/PENDING/)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.goto(returnPage);

  const [row] = await db.select().from(returns).where(eq(returns.rmaNumber, rma));
  expect(row).toMatchObject({ shipNow: true });
  expect(row!.shipNowDeadline!.getTime() - row!.requestedAt.getTime()).toBe(14 * 86_400_000);
  expect(row!.exchangeShipmentId).not.toBeNull();
  const [event] = await db
    .select()
    .from(domainEvents)
    .where(and(eq(domainEvents.type, 'exchange.created'), eq(domainEvents.audience, 'public'), sql`${domainEvents.data}->>'returnId' = ${row!.id}`));
  expect(event!.data).toMatchObject({ shipNow: true, shipmentId: row!.exchangeShipmentId });
  const [target] = await db.select().from(variants).where(eq(variants.id, order.siblings[1]!.id));
  expect(target!.stock).toBe(2);

  // The agent sees "Ship now" with the deadline on the case's return panel (desktop: the staff desk is a desktop tool).
  if (test.info().project.name === 'desktop') {
    const [kase] = await db.select().from(cases).where(eq(cases.returnId, row!.id));
    const agent = await (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` } })).newPage();
    await loginAs(agent, 'agent');
    await agent.goto(`/staff/cases/${kase!.id}`);
    const panel = agent.getByTestId('return-ship-now');
    await expect(panel).toContainText(fi('shipNow.staff.badge'), { timeout: 20_000 });
    await expect(panel).toContainText(/perillä viimeistään/);
    const exchangeParcel = agent.getByTestId('return-exchange-parcel');
    await expect(exchangeParcel).toContainText(fi('staffReturns.exchangeParcel.awaitingShop'));
    // e2e has no carrier credentials: no "Book with Posti", but a note that Posti's booking is not connected.
    await expect(exchangeParcel.getByRole('note')).toHaveText(fi('staffReturns.outbound.notConnected').replace('{carrier}', 'Posti'));
    await expect(exchangeParcel.getByRole('button', { name: fi('staffReturns.outbound.book').replace('{carrier}', 'Posti') })).toHaveCount(0);
    await expectNoAxeViolations(agent);
    // A mistyped number is refused at the field, in the agent's language, and nothing is saved.
    await exchangeParcel.getByLabel(fi('staffReturns.exchangeParcel.carrier')).selectOption('posti');
    await exchangeParcel.getByLabel(fi('staffReturns.exchangeParcel.trackingNumber')).fill('JJFI 12');
    await exchangeParcel.getByRole('button', { name: fi('staffReturns.exchangeParcel.submit') }).click();
    await expect(exchangeParcel.getByText(fi('staffReturns.errors.trackingNumberInvalid'))).toBeVisible();
    await expect(exchangeParcel.getByLabel(fi('staffReturns.exchangeParcel.trackingNumber'))).toHaveAttribute('aria-invalid', 'true');
    const [unchanged] = await db.select().from(shipments).where(eq(shipments.id, row!.exchangeShipmentId!));
    expect(unchanged!.trackingNumber).toBe(`PENDING-${rma}`);
    staffPage = agent;
    caseId = kase!.id;
  }

  // The shop sends the new item and reports it through the merchant API with the exchange item's SKU (no order line).
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `e2e-exchange-${rma}`, scopes: ['shipments:write'] });
  const trackingNumber = `JJFI${Date.now()}${randomInt(10)}`;
  const shipped = await request.post(`/api/v1/orders/${order.orderNumber}/shipments`, {
    headers: { authorization: `Bearer ${key}` },
    data: { carrier: 'posti', trackingNumber, lines: [{ sku: order.siblings[1]!.sku, quantity: 1 }] },
  });
  expect(shipped.status()).toBe(201);
  expect((await shipped.json()).id).toBe(row!.exchangeShipmentId);
  await page.reload();
  await expect(page.getByText(fi('returnPage.exchangeParcel').replace('{carrier}', 'Posti').replace('{number}', trackingNumber))).toBeVisible();
  await expect(page.getByTestId('exchange-awaiting-shop')).toHaveCount(0);
  await expect(page.getByRole('link', { name: fi('returnPage.trackExchange') })).toBeVisible();
  await expectNoAxeViolations(page);

  if (staffPage) {
    // Sent: the panel names carrier and number. Had staff booked it with the carrier (what lib/shipments/
    // book-pending-parcel.ts stores: the carrier's label), the label is there to download.
    await db.insert(carrierLabels).values({ shipmentId: row!.exchangeShipmentId!, bookedVia: 'pakettikauppa', carrierReference: `e2e-${rma}`, pdf: Buffer.from('%PDF-1.7\n% e2e\n', 'latin1') });
    await staffPage.goto(`/staff/cases/${caseId}`);
    const sent = staffPage.getByTestId('return-exchange-parcel');
    await expect(sent).toContainText(fi('staffReturns.exchangeParcel.sent').replace('{carrier}', 'Posti').replace('{number}', trackingNumber), { timeout: 20_000 });
    await expect(sent.getByTestId('ship-pending-parcel')).toHaveCount(0);
    const download = staffPage.waitForEvent('download');
    await sent.getByRole('link', { name: fi('staffReturns.outbound.downloadLabel') }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`label-${trackingNumber}.pdf`);
    expect((await readFile((await file.path())!)).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    await expectNoAxeViolations(staffPage);
    await staffPage.context().close();
  }
});

test('[RETURN] fi: the only other size sold out — no "send now" offer @phone', async ({ page, db }) => {
  const order = await createReturnableOrder(db, { locale: 'fi', siblingStock: [0] });
  await db.update(variants).set({ stock: 0 }).where(eq(variants.id, order.siblings[0]!.id));
  const wizard = new ReturnWizardPage(page, 'fi');
  await wizard.openAtResolution(order, 'Test shirt', 'Liian pieni');
  await wizard.chooseResolution('exchangeVariant');
  await expect(wizard.sizeChip('S0')).toBeDisabled();
  await expect(wizard.sizeChip('S0')).toHaveAccessibleName(new RegExp(`^S0\\W+${fi('returnWizard.chips.soldOut')}$`));
  await expect(page.getByTestId('ship-now')).toHaveCount(0);
});

test('[RETURN] fi: a damaged item is checked by staff first — no "send now" offer but the reason, and the exchange waits for review @phone', async ({ page, db, expectNoAxeViolations }) => {
  test.slow();
  const order = await createReturnableOrder(db, { locale: 'fi', siblingStock: [3] });
  const wizard = new ReturnWizardPage(page, 'fi');
  await wizard.open(order.orderNumber, order.email);
  await wizard.selectItem('Test shirt');
  await wizard.continue();
  await wizard.chooseReason('Viallinen tai vaurioitunut');
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#a73' } }).png().toBuffer();
  await page.getByLabel(/^Kuvat/).setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByRole('img', { name: 'Kuva 1' })).toBeVisible();
  await wizard.continue();
  await wizard.expectStep('resolution', 3);
  await wizard.chooseResolution('exchangeVariant');
  await wizard.chooseSize('S0');
  await expect(page.getByTestId('ship-now-unavailable')).toHaveText(fi('returns.refusal.ship_now_needs_review'));
  await expect(page.getByTestId('ship-now')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await wizard.continue();
  await wizard.chooseMethod('drop_off', 'Posti');
  await wizard.continue();
  await wizard.expectStep('review', 5);
  await expect(page.getByTestId('review-ship-now')).toHaveCount(0);
  const rma = await wizard.submit();

  const [row] = await db.select().from(returns).where(eq(returns.rmaNumber, rma));
  expect(row).toMatchObject({ status: 'requested', shipNow: false, exchangeShipmentId: null });
  const [target] = await db.select().from(variants).where(eq(variants.id, order.siblings[0]!.id));
  expect(target!.stock).toBe(2);
});

test('[SETTINGS] en: the admin sees the instant-exchange switch, its days and value cap in the return policy form; axe clean', async ({ page, db, expectNoAxeViolations }) => {
  const en = (key: string) => msg('en', key);
  await loginAs(page, await ownAdmin(db));
  await page.goto('/staff/settings/returns');
  const section = page.getByTestId('policy-ship-now');
  await expect(section.getByRole('heading', { name: en('shipNow.policy.title') })).toBeVisible({ timeout: 20_000 });
  await expect(section.getByRole('checkbox', { name: en('shipNow.policy.enable') })).toBeChecked();
  await expect(section.getByLabel(en('shipNow.policy.days'))).toHaveValue('14');
  await expect(section.getByLabel(en('shipNow.policy.maxOrderValue'))).toHaveValue('');
  await expectNoAxeViolations(page);
});
