import { eq } from 'drizzle-orm';
import { caseEvents, shipments } from '../../db/schema';
import { issueReturnLabel } from '../../lib/returns/issue-return-label';
import { createApprovedReturn } from '../../test/return-fixture';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

for (const [locale, carrier] of [
  ['fi', 'posti'],
  ['sv', 'matkahuolto'],
  ['en', 'budbee'],
] as const) {
  test(`[LABEL] ${locale}: without ${carrier} credentials the printerless return is a SPECIMEN: the page says so, no code or QR; downloads only read`, async ({
    page,
    db,
    expectNoAxeViolations,
    browser,
  }) => {
    const { order, returnId, rma } = await createApprovedReturn(db, { locale, carrier, method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor: { type: 'system' } }));
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);

    await page.goto(`/${locale}/returns/${rma}/label`);
    const section = page.getByTestId('return-label-section');
    expect(issued).toMatchObject({ specimen: true, printerlessCode: null, trackingNumber: `SPECIMEN-${rma}` });
    const note = section.getByTestId('return-label-specimen');
    await expect(note.getByRole('heading', { name: msg(locale, 'labels.section.specimen.title') })).toBeVisible();
    await expect(note).toContainText(msg(locale, 'labels.section.specimen.body'));
    // Nothing that could pass for a carrier's code or label-free instructions.
    await expect(section.getByTestId('printerless-code')).toHaveCount(0);
    await expect(section.getByRole('img')).toHaveCount(0);
    await expect(section).not.toContainText(msg(locale, `labels.section.instructions.${carrier}`).split('{code}')[0]!.trim());
    await expectNoAxeViolations(page);

    const before = { shipments: (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length, events: (await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).length };
    const pdf = await page.request.get(`/api/returns/${rma}/label.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()).toMatchObject({ 'content-type': 'application/pdf', 'cache-control': 'private, no-store' });
    expect(pdf.headers()['content-disposition']).toBe(`attachment; filename="return-label-${rma}.pdf"`);
    const zpl = await page.request.get(`/api/returns/${rma}/label.zpl`);
    const zplText = await zpl.text();
    expect(zplText).toContain(`^BCN,180,Y,N,N^FD${issued.trackingNumber}^FS`);
    expect(zplText).toContain('^FR^FDSPECIMEN — NOT VALID FOR SHIPPING^FS');
    // Downloads only read: no new shipment, no audit row.
    expect({ shipments: (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length, events: (await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).length }).toEqual(before);
    // Odd input is a 404 with the API error shape, never a 500.
    for (const path of [`/api/returns/${'R'.repeat(300)}/label.pdf`, '/api/returns/%E2%80%AE%00/label.zpl', '/api/withdrawals/W-NOPE/receipt.pdf']) {
      const res = await page.request.get(path);
      expect(res.status()).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }

    // Another browser without the order open learns nothing.
    const stranger = await browser.newContext();
    const denied = await stranger.request.get(`${new URL(page.url()).origin}/api/returns/${rma}/label.pdf`);
    expect(denied.status()).toBe(404);
    await stranger.close();
  });
}
