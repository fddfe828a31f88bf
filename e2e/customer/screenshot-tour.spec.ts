import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Page, TestInfo } from '@playwright/test';
import { cases } from '../../db/schema';
import { mintTrackingLink } from '../../lib/tracking-links/mint-tracking-link';
import { createNoticedOrder } from '../../test/delay-factories';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { ReturnWizardPage } from '../pages/return-wizard';
import { replyToken, surveyLink } from './support';

/** The review widths: a small phone and a laptop. */
const viewports = [
  { width: 360, height: 740 },
  { width: 1280, height: 900 },
] as const;

const tooSmall = { fi: 'Liian pieni', sv: 'För liten', en: 'Too small' } as const;

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/**
 * At each width: axe finds nothing, nothing scrolls sideways, and a full-page screenshot lands in the
 * test's output dir (kept for passed tests too) as `<page>-<locale>-<width>px.png`.
 */

async function capture(page: Page, testInfo: TestInfo, expectNoAxeViolations: (page: Page) => Promise<void>, name: string, locale: string) {
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
    const file = testInfo.outputPath(`${name}-${locale}-${viewport.width}px.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`${name}-${locale}-${viewport.width}px`, { path: file, contentType: 'image/png' });
  }
}

for (const locale of ['fi', 'sv', 'en'] as const) {
  // Two tests per language: six halves of about equal length keep both workers busy to the end.
  test(`[TOUR] ${locale}: the order pages at 360 and 1280 px are axe clean, fit the width and are photographed`, async ({ page, browser, db, makeOrder, expectNoAxeViolations }, testInfo) => {
    // Fourteen pages, each checked and photographed twice, and four server actions on a shared machine.
    test.setTimeout(180_000);
    const shoot = (name: string, on: Page = page) => capture(on, testInfo, expectNoAxeViolations, name, locale);

    // The tracking link's redacted view, in a browser that has never looked the order up.
    const linked = await makeOrder(locale);
    const { token: trackingToken } = await mintTrackingLink(db, { orderId: linked.id });
    const stranger = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.254.${randomInt(256)}.${randomInt(1, 255)}` } });
    const linkPage = await stranger.newPage();
    await linkPage.goto(`/t/${trackingToken}`);
    await expect(linkPage.getByTestId('link-view')).toBeVisible({ timeout: 20_000 });
    await shoot('tracking-link', linkPage);
    await stranger.close();

    // Lookup, and the "email me a link" request and its one-time link.
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await shoot('lookup');
    await page.goto(`/${locale}/access?order=${order.orderNumber}`);
    await expect(h1(page)).toHaveText(msg(locale, 'customerAccess.requestTitle'));
    await page.getByRole('button', { name: msg(locale, 'customerAccess.requestButton') }).click();
    await expect(page.getByTestId('access-link-form').getByRole('status')).toHaveText(msg(locale, 'customerAccess.sent'));
    await shoot('access-request');
    const [mail] = (await db.execute(sql`select payload->>'text' as text from outbox where order_id = ${order.id} and kind = 'customer_access_link'`)) as unknown as Array<{ text: string }>;
    await page.goto(new RegExp(`/${locale}/access/[A-Za-z0-9_-]{43}`).exec(mail!.text)![0]);
    await expect(h1(page)).toHaveText(msg(locale, 'customerAccess.openTitle'));
    await shoot('access-link');

    // The verified order page and what hangs off it.
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(h1(page)).toContainText(order.orderNumber, { timeout: 20_000 });
    await shoot('order');

    await page.goto(`/${locale}/orders/${order.orderNumber}/ask`);
    await expect(page.getByTestId('ask-known')).toBeVisible();
    await shoot('ask');
    await page.getByLabel(msg(locale, 'firstScreen.ask.messageLabel')).fill('Can I still change the size of the sweater?');
    await page.getByRole('button', { name: msg(locale, 'firstScreen.ask.send') }).click();
    await expect(page.getByTestId('ask-sent')).toBeVisible({ timeout: 15_000 });
    await shoot('ask-sent');

    // The reply page of the question just asked, as the answer email links to it.
    const [question] = await db.select({ id: cases.id }).from(cases).where(and(eq(cases.orderId, order.id), eq(cases.type, 'question')));
    await page.goto(`/${locale}/messages/${await replyToken(db, question!.id)}`);
    await expect(page.getByLabel(msg(locale, 'caseReply.page.answerLabel'))).toBeVisible();
    await shoot('messages');

    await page.goto(`/${locale}/orders/${order.orderNumber}/claim`);
    await expect(h1(page)).toHaveText(msg(locale, 'claims.pageTitle'));
    await page.getByLabel(msg(locale, 'claims.types.damaged')).check();
    await page.getByLabel('Merino Sweater').check();
    await page.getByLabel(msg(locale, 'claims.description')).fill('Hole in the sleeve, box crushed');
    await page.getByLabel(msg(locale, 'claims.remedies.replacement')).check();
    await shoot('claim-form');
    await page.getByRole('button', { name: msg(locale, 'claims.submit') }).click();
    await expect(h1(page)).toHaveText(msg(locale, 'claims.status.title'), { timeout: 20_000 });
    await shoot('claim');

    await page.goto(`/${locale}/orders/${order.orderNumber}/withdraw`);
    await page.getByLabel(msg(locale, 'withdrawal.name')).fill('Testi Asiakas');
    await page.getByLabel(msg(locale, 'withdrawal.email')).fill(order.email);
    await shoot('withdraw-order');
    await page.getByRole('button', { name: msg(locale, 'withdrawal.continue') }).click();
    await page.getByRole('button', { name: msg(locale, 'withdrawal.continue') }).click(); // nothing chosen = the whole order
    await page.getByRole('button', { name: msg(locale, 'withdrawal.confirm'), exact: true }).click();
    await expect(page.getByTestId('withdrawal-receipt')).toBeVisible({ timeout: 20_000 });
    await shoot('withdrawal-receipt');
  });

  test(`[TOUR] ${locale}: the return, survey, notice and information pages at 360 and 1280 px are axe clean, fit the width and are photographed`, async ({ page, db, makeOrder, expectNoAxeViolations }, testInfo) => {
    // Fourteen pages, each checked and photographed twice, and a whole return on a shared machine.
    test.setTimeout(180_000);
    const shoot = (name: string, on: Page = page) => capture(on, testInfo, expectNoAxeViolations, name, locale);

    // The return wizard step by step, then the return and its label.
    const returning = await makeOrder(locale);
    const wizard = new ReturnWizardPage(page, locale);
    await wizard.open(returning.orderNumber, returning.email);
    await wizard.expectStep('items', 1);
    await wizard.selectItem('Merino Sweater');
    await shoot('return-items');
    await wizard.continue();
    await wizard.expectStep('reason', 2);
    await wizard.chooseReason(tooSmall[locale]);
    await shoot('return-reason');
    await wizard.continue();
    await wizard.expectStep('resolution', 3);
    await wizard.chooseResolution('refund');
    await shoot('return-resolution');
    await wizard.continue();
    await wizard.expectStep('method', 4);
    await wizard.chooseMethod('drop_off', 'Posti');
    await shoot('return-method');
    await wizard.continue();
    await wizard.expectStep('review', 5);
    await shoot('return-review');
    const rma = await wizard.submit();
    await expect(page.getByTestId('return-status')).toBeVisible();
    await shoot('return');
    await page.goto(`/${locale}/returns/${rma}/label`);
    await expect(page.getByTestId('return-label-section')).toBeVisible();
    await shoot('return-label');

    // Pages reached from emails and the footer.
    await page.goto(`/${locale}/withdraw`);
    await expect(h1(page)).toHaveText(msg(locale, 'withdrawal.button'));
    await shoot('withdraw');

    const survey = await surveyLink(db);
    await page.goto(`/${locale}/csat/${survey.token}`);
    await expect(page.getByRole('heading', { name: msg(locale, 'csat.page.title') })).toBeVisible();
    await shoot('csat');
    await page.goto(`/${locale}/csat/${survey.token}/opt-out`);
    await expect(page.getByRole('button', { name: msg(locale, 'csat.page.optOutConfirm') })).toBeVisible();
    await shoot('csat-opt-out');

    const noticed = await createNoticedOrder(db, { locale });
    await page.goto(`/${locale}/delays/${noticed.token}`);
    await expect(page.locator('[data-remedy]').first()).toBeVisible();
    await shoot('delay-notice');

    for (const [name, path] of [
      ['delivery', 'delivery'],
      ['policy', 'policy'],
      ['link-expired', 'link-expired'],
    ] as const) {
      await page.goto(`/${locale}/${path}`);
      await expect(h1(page)).toBeVisible();
      await shoot(name);
    }
    const missing = await page.goto(`/${locale}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await expect(h1(page)).toHaveText(msg(locale, 'errors.notFoundTitle'));
    await shoot('not-found');
  });
}
