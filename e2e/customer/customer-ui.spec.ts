import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { refunds, returnItems, returns, variants } from '../../db/schema';
import { issueReturnLabel } from '../../lib/returns/issue-return-label';
import { uniqueId } from '../../test/factories';
import { createReturnableOrder } from '../../test/return-factories';
import { createApprovedReturn } from '../../test/return-fixture';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { ReturnWizardPage } from '../pages/return-wizard';

// Issue 12: the customer-facing holes of the outside review. Customers log in with order number + email (full view).

test('[UI] en: a fixed answer loses its error at once and only the current error shows (items, photos, method)', async ({ page, db }) => {
  test.slow();
  const sharp = (await import('sharp')).default;
  const order = await createReturnableOrder(db, { locale: 'en', lines: [{ quantity: 2 }] });
  const wizard = new ReturnWizardPage(page, 'en');
  const error = (key: string) => page.getByText(msg('en', `returnWizard.errors.${key}`).replace('{max}', '2'));
  await wizard.open(order.orderNumber, order.email);

  // Items: "choose an item" goes once one is chosen; a wrong quantity's error goes once it is right.
  await wizard.continue();
  await expect(error('selectItem')).toBeVisible();
  await wizard.selectItem('Test shirt');
  await expect(error('selectItem')).toHaveCount(0);
  await page.getByLabel(/How many/).fill('5');
  await wizard.continue();
  await expect(error('quantityMax')).toBeVisible();
  await expect(error('fixStep')).toBeVisible();
  await page.getByLabel(/How many/).fill('2');
  await expect(error('quantityMax')).toHaveCount(0);
  await expect(error('fixStep')).toHaveCount(0);
  await expect(page.getByLabel(/How many/)).not.toHaveAttribute('aria-invalid', 'true');
  await wizard.continue();

  // Reason and photos: the reason's error goes when one is chosen; then only the photo error shows, until a photo is added.
  await wizard.expectStep('reason', 2);
  await wizard.continue();
  await expect(error('reasonRequired')).toBeVisible();
  await wizard.chooseReason('Not as described');
  await expect(error('reasonRequired')).toHaveCount(0);
  await wizard.continue();
  await expect(error('photoRequired')).toBeVisible();
  await expect(error('reasonRequired')).toHaveCount(0);
  const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3a7' } }).png().toBuffer();
  await page.getByLabel(/^Photos/).setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByRole('img', { name: 'Photo 1' })).toBeVisible();
  await expect(error('photoRequired')).toHaveCount(0);
  await expect(error('fixStep')).toHaveCount(0);
  await wizard.continue();

  await wizard.expectStep('resolution', 3);
  await wizard.chooseResolution('refund');
  await wizard.continue();

  // Method: choosing the method clears its error and does not greet the new carrier list with one;
  // the next Continue shows the carrier's error alone, and choosing one clears it.
  await wizard.expectStep('method', 4);
  await wizard.continue();
  await expect(error('methodRequired')).toBeVisible();
  await page.getByRole('radio', { name: new RegExp(msg('en', 'returnWizard.method.drop_off.title')) }).check();
  await expect(error('methodRequired')).toHaveCount(0);
  await expect(error('carrierRequired')).toHaveCount(0);
  await wizard.continue();
  await expect(error('carrierRequired')).toBeVisible();
  await expect(error('methodRequired')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Posti', exact: true }).check();
  await expect(error('carrierRequired')).toHaveCount(0);
  await expect(error('fixStep')).toHaveCount(0);
  await wizard.continue();
  await wizard.expectStep('review', 5);
});

/** Logs in with order number + email, then opens the return's page. */
async function openReturn(page: Page, locale: 'en' | 'fi', order: { orderNumber: string; email: string }, rma: string) {
  const lookup = new LookupPage(page, locale);
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  // Generous waits: the lookup's server action is slow on a machine shared by many builds.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber, { timeout: 20_000 });
  await page.goto(`/${locale}/returns/${rma}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(rma, { timeout: 20_000 });
}

test('[UI] en: a completed return shows what was refunded, without "how to send it", label buttons or an estimate', async ({ page, db, expectNoAxeViolations }) => {
  // Several page loads (and an axe scan) on a shared, busy machine.
  test.slow();
  const { order, returnId, rma } = await createApprovedReturn(db, { locale: 'en', carrier: 'posti', method: 'drop_off' });
  await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }));
  const now = new Date();
  await db.update(returns).set({ status: 'completed', receivedAt: now, inspectedAt: now, completedAt: now }).where(eq(returns.id, returnId));
  await db.insert(refunds).values({ orderId: order.id, returnId, amount: 5990, currency: 'EUR', reason: `Return ${rma}` });

  await openReturn(page, 'en', order, rma);
  await expect(page.getByTestId('return-status')).toHaveText(msg('en', 'returnPage.status.completed'));
  await expect(page.getByRole('heading', { name: msg('en', 'returnPage.sendTitle') })).toHaveCount(0);
  await expect(page.getByRole('link', { name: msg('en', 'labels.section.downloadPdf') })).toHaveCount(0);
  await expect(page.getByText(msg('en', 'returnPage.money.refund'), { exact: true })).toHaveCount(0);
  const settled = page.getByTestId('settled');
  await expect(settled).toContainText(msg('en', 'returnPage.money.refunded'));
  await expect(settled.getByTestId('refunded')).toHaveText('€59.90');
  // The worker pays the requested refund on the demo rail; then the page says when and where it went.
  const issued = msg('en', 'refunds.customer.issued').split('{amount}')[0]!;
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('refund-status')).toContainText(`${issued}€59.90`);
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('refund-status')).toContainText(msg('en', 'refunds.destination.card'));
  await expectNoAxeViolations(page);
});

test('[UI] en: the cancel confirmation speaks of a held exchange item only when the return has one', async ({ page, db }) => {
  // Several page loads (and an axe scan) on a shared, busy machine.
  test.slow();
  const refundOnly = await createApprovedReturn(db, { locale: 'en' });
  await openReturn(page, 'en', refundOnly.order, refundOnly.rma);
  await page.getByRole('link', { name: msg('en', 'returnPage.cancel.button') }).click();
  await expect(page.getByText(msg('en', 'returnPage.cancel.confirmBody').replace('{rma}', refundOnly.rma), { exact: true })).toBeVisible();
  await expect(page.getByText(/exchange item|back on sale/)).toHaveCount(0);

  const exchange = await createApprovedReturn(db, { locale: 'en' });
  const [size] = await db
    .insert(variants)
    .values({ sku: uniqueId('SW-L').toUpperCase(), productKey: uniqueId('prod'), title: 'Merino Sweater', options: { size: 'L' }, price: 5990, currency: 'EUR', stock: 2 })
    .returning({ id: variants.id });
  await db.update(returnItems).set({ resolution: 'exchange', exchangeVariantId: size!.id }).where(eq(returnItems.returnId, exchange.returnId));
  await openReturn(page, 'en', exchange.order, exchange.rma);
  await page.getByRole('link', { name: msg('en', 'returnPage.cancel.button') }).click();
  await expect(page.getByText(msg('en', 'returnPage.cancel.confirmBodyExchange').replace('{rma}', exchange.rma), { exact: true })).toBeVisible();
});

test('[UI] en: the order page with a return has no axe violations; the RMA link is told apart from its text', async ({ page, db, expectNoAxeViolations }) => {
  // Several page loads (and an axe scan) on a shared, busy machine.
  test.slow();
  const { order, rma } = await createApprovedReturn(db, { locale: 'en' });
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  const link = page.getByRole('link', { name: rma, exact: true });
  await expect(link).toBeVisible();
  expect(await link.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
  await expectNoAxeViolations(page);
});

test('[UI] the favicon and the linked icon answer 200, without a locale redirect', async ({ page, request }) => {
  const ico = await request.get('/favicon.ico', { maxRedirects: 0 });
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/^image\//);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));

  await page.goto('/en');
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute('href');
  expect(href).toBeTruthy();
  const svg = await request.get(href!, { maxRedirects: 0 });
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
});

for (const locale of ['fi', 'sv'] as const) {
  test(`[UI] ${locale}: the parcel step bar never breaks a label inside a word, at 360 px and on a wide screen`, async ({ page, makeOrder }) => {
  // Several page loads (and an axe scan) on a shared, busy machine.
  test.slow();
    const order = await makeOrder(locale);
    await page.setViewportSize({ width: 360, height: 740 });
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
    // The Matkahuolto parcel waits at a pickup point ("Noutopisteessä", "På utlämningsstället"), the Posti one is delivered.
    await expect(page.getByTestId('parcel')).toHaveCount(2);

    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const labels = await page.getByTestId('parcel').evaluateAll((parcels) =>
        parcels.flatMap((parcel) =>
          [...parcel.querySelectorAll<HTMLElement>('[data-testid="step-label"]')]
            // Labels kept only for screen readers (1 px, clipped) are not drawn.
            .filter((label) => label.getBoundingClientRect().width > 2)
            .map((label) => {
              const box = (label.closest('li') ?? label).getBoundingClientRect();
              const text = label.firstChild as Text;
              const words = [...label.textContent!.matchAll(/\S+/g)].map((match) => {
                const range = document.createRange();
                range.setStart(text, match.index);
                range.setEnd(text, match.index + match[0].length);
                const rects = [...range.getClientRects()].filter((r) => r.width > 0);
                // One box per word (a word split over two lines has two), inside its column.
                return { word: match[0], lines: rects.length, inside: rects.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1) };
              });
              return { label: label.textContent, words };
            }),
        ),
      );
      // At least the current step of each parcel is on screen, at every width.
      expect(labels.length, `visible labels at ${width}px`).toBeGreaterThanOrEqual(2);
      const broken = labels.flatMap((l) => l.words.filter((w) => w.lines !== 1 || !w.inside).map((w) => `${width}px "${l.label}": ${w.word} (${w.lines} lines, inside ${w.inside})`));
      expect(broken).toEqual([]);
    }
    // On a wide screen every step has its label.
    await expect(page.getByTestId('parcel').first().locator('li [data-testid="step-label"]')).toHaveCount(5);
  });
}

for (const [width, height] of [
  [1280, 800],
  [360, 740],
] as const) {
  test(`[UI] en ${width}×${height}: the sticky totals never cover the focused size chip`, async ({ page, db }) => {
    test.slow();
    await page.setViewportSize({ width, height });
    const order = await createReturnableOrder(db, { locale: 'en', lines: [{}, {}, {}], siblingStock: [3, 3] });
    const wizard = new ReturnWizardPage(page, 'en');
    await wizard.open(order.orderNumber, order.email);
    const checkboxes = page.getByRole('checkbox', { name: 'Test shirt' });
    for (let i = 0; i < 3; i++) await checkboxes.nth(i).check();
    await wizard.continue();
    await wizard.expectStep('reason', 2);
    for (let i = 0; i < 3; i++) await page.getByLabel(msg('en', 'returnWizard.reason'), { exact: true }).nth(i).selectOption({ label: 'Too big' });
    await wizard.continue();
    await wizard.expectStep('resolution', 3);
    const refund = page.getByRole('radio', { name: /^Refund/ });
    await refund.nth(0).check();
    await refund.nth(1).check();
    const exchange = page.getByRole('radio', { name: msg('en', 'returnWizard.resolution.exchangeVariant') });
    await exchange.nth(2).check();

    const bar = page.getByTestId('wizard-totals');
    if (width < 640) {
      // On a phone the bar takes at most 12 % of the screen's height.
      expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(0.12 * height);
    }
    // From the top of the page, the keyboard moves from the third item's choice to its first size chip (L0: its
    // own size, L2, cannot be chosen).
    await exchange.nth(2).evaluate((radio) => {
      window.scrollTo(0, 0);
      (radio as HTMLElement).focus({ preventScroll: true });
    });
    await page.keyboard.press('Tab');
    const chip = wizard.sizeChip('L0');
    await expect(chip).toBeFocused();
    await expect
      .poll(async () => {
        const [s, b] = [(await chip.boundingBox())!, (await bar.boundingBox())!];
        return { visible: s.y >= 0, clearOfBar: s.y + s.height <= b.y + 0.5 };
      })
      .toEqual({ visible: true, clearOfBar: true });
    // And the point at its centre is the chip itself, not the bar.
    expect(
      await chip.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
      }),
    ).toBe(true);
  });
}

test('[UI] fi: the final-sale line speaks of no return right, not of sold-out products', async ({ page, makeOrder }) => {
  const order = await makeOrder('fi');
  const lookup = new LookupPage(page, 'fi');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByText(msg('fi', 'order.finalSale'))).toBeVisible();
  await expect(page.getByText(/loppuunmyy/i)).toHaveCount(0);
});
