import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { claims, photos, shipments } from '../../db/schema';
import { expect, msg, msgPrefix, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

for (const locale of ['fi', 'sv', 'en'] as const) {
  test(`[CLAIM] ${locale}: damaged on arrival with a photo; the shop handles it; status page @phone`, async ({ page, db, makeOrder, expectNoAxeViolations }) => {
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
    await page.getByRole('link', { name: msg(locale, 'claims.entry.link') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'claims.pageTitle'));

    // Nothing chosen: a localized, announced error, nothing stored.
    await page.getByRole('button', { name: msg(locale, 'claims.submit') }).click();
    await expect(page.getByText(msg(locale, 'claims.errors.typeRequired'))).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel(msg(locale, 'claims.types.damaged')).check();
    await expect(page.getByTestId('shop-handles')).toHaveText(msg(locale, 'claims.shopHandles'));
    await page.getByRole('button', { name: msg(locale, 'claims.submit') }).click();
    await expect(page.getByText(msg(locale, 'claims.errors.linesRequired'))).toBeVisible();
    await expect(page.getByText(msg(locale, 'claims.errors.remedyRequired'))).toBeVisible();

    await page.getByLabel('Merino Sweater').check();
    await page.getByLabel(msg(locale, 'claims.description')).fill('Hole in the sleeve, box crushed');
    const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#b03a2e' } }).jpeg().toBuffer();
    await page.getByLabel(msg(locale, 'claims.photos')).setInputFiles({ name: 'sleeve.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await expect(page.getByText('sleeve.jpg', { exact: true })).toBeVisible();
    await page.getByLabel(msg(locale, 'claims.remedies.replacement')).check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: msg(locale, 'claims.submit') }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'claims.status.title'));
    await expect(page.getByTestId('claim-type')).toHaveText(msg(locale, 'claims.types.damaged'));
    await expect(page.getByText(msg(locale, 'claims.shopHandles'))).toBeVisible();
    await expect(page.getByTestId('claim-photos')).toContainText('1');
    await expectNoAxeViolations(page);

    const [claim] = await db.select().from(claims).where(eq(claims.orderId, order.id));
    expect(claim).toMatchObject({ type: 'damaged', requestedRemedy: 'replacement' });
    const [photo] = await db.select({ contentType: photos.contentType, width: photos.width }).from(photos).where(eq(photos.claimId, claim!.id));
    expect(photo).toEqual({ contentType: 'image/jpeg', width: 1200 });
  });
}

test('[CLAIM] en: a parcel marked delivered but never received opens a delivery issue', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await page.goto(`/en/orders/${order.orderNumber}/claim`);
  await page.getByLabel(msg('en', 'claims.types.not_received')).check();
  await expect(page.getByTestId('shop-handles')).toHaveText(msg('en', 'claims.notReceivedInfo'));
  await expect(page.getByLabel(msg('en', 'claims.photos'))).toHaveCount(0);
  await page.getByLabel(/^Posti · JJFI/).check();
  await page.getByLabel(msg('en', 'claims.description')).fill('Nothing in the mailbox or at the door');
  await page.getByRole('button', { name: msg('en', 'claims.submit') }).click();
  await expect(page.getByTestId('claim-type')).toHaveText(msg('en', 'claims.types.not_received'));
  await expect(page.getByText(msgPrefix('en', 'claims.status.intro'))).toBeVisible();
  const [claim] = await db.select().from(claims).where(eq(claims.orderId, order.id));
  expect(claim).toMatchObject({ type: 'not_received', requestedRemedy: 'investigate' });
});

test('[CLAIM] en: a parcel still on its way is not offered as arrived damaged or never received; nothing to report until something arrives', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);

  // The sweater arrived (Posti, delivered); the socks wait at the pickup point (Matkahuolto, not collected, on time).
  await page.goto(`/en/orders/${order.orderNumber}/claim`);
  await page.getByLabel(msg('en', 'claims.types.damaged')).check();
  await expect(page.getByLabel('Merino Sweater')).toBeVisible();
  await expect(page.getByLabel('Wool Socks')).toHaveCount(0);
  await page.getByLabel(msg('en', 'claims.types.not_received')).check();
  await expect(page.getByLabel(/^Posti · JJFI/)).toBeVisible();
  await expect(page.getByLabel(/^Matkahuolto · /)).toHaveCount(0);

  // Nothing has arrived and nothing is late: no form, a sentence saying when a problem can be reported.
  await db.update(shipments).set({ status: 'in_transit', deliveredAt: null, promisedDate: null }).where(eq(shipments.orderId, order.id));
  await page.reload();
  await expect(page.getByTestId('claim-nothing-yet')).toHaveText(msg('en', 'claims.nothingYet'));
  await expect(page.getByLabel(msg('en', 'claims.types.damaged'))).toHaveCount(0);
  expect(await db.select().from(claims).where(eq(claims.orderId, order.id))).toHaveLength(0);
});
