import { eq } from 'drizzle-orm';
import { cases, csatOptOuts, csatResponses } from '../../db/schema';
import { expect, msg, test } from '../fixtures';
import { surveyLink } from './support';
import type { Db } from '../../db';

test.describe('[CUSTOMER] satisfaction survey', () => {
  test('without JavaScript the clicked face is a button press away; the answer counts once @phone', async ({ browser, db }) => {
    const { caseId, token } = await surveyLink(db);
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`/fi/csat/${token}?score=5`);
    await expect(page.getByRole('heading', { name: msg('fi', 'csat.page.title') })).toBeVisible();
    // Nothing recorded by merely opening the link (what a mail scanner does).
    expect((await db.select().from(csatResponses).where(eq(csatResponses.caseId, caseId)))[0]!.score).toBeNull();
    const five = page.getByRole('button', { name: new RegExp(msg('fi', 'csat.email.score5')) });
    await expect(five).toHaveAttribute('aria-pressed', 'true');
    await five.click();
    await expect(page.getByRole('heading', { name: msg('fi', 'csat.page.thanksTitle') })).toBeVisible();
    expect((await db.select().from(csatResponses).where(eq(csatResponses.caseId, caseId)))[0]!.score).toBe(5);
    await context.close();
  });

  test('in Swedish with JavaScript: one click records, the page is accessible, opt-out stops surveys', async ({ page, db, expectNoAxeViolations }) => {
    const { caseId, token } = await surveyLink(db);
    await page.goto(`/sv/csat/${token}`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: new RegExp(msg('sv', 'csat.email.score2')) }).click();
    await expect(page.getByRole('heading', { name: msg('sv', 'csat.page.thanksTitle') })).toBeVisible();
    await expectNoAxeViolations(page);
    // An empty comment gets a message and sends nothing.
    await page.getByRole('button', { name: msg('sv', 'csat.page.commentSubmit') }).click();
    await expect(page.getByText(msg('sv', 'csat.page.errors.commentRequired'))).toBeVisible();
    expect((await db.select().from(csatResponses).where(eq(csatResponses.caseId, caseId)))[0]).toMatchObject({ score: 2, comment: null });

    await page.goto(`/sv/csat/${token}/opt-out`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: msg('sv', 'csat.page.optOutConfirm') }).click();
    await expect(page.getByText(msg('sv', 'csat.page.optOutDone'))).toBeVisible();
    expect(await db.select().from(csatOptOuts).where(eq(csatOptOuts.email, (await caseEmail(db, caseId)).toLowerCase()))).toHaveLength(1);
  });

  test('an unknown link says so and records nothing', async ({ page }) => {
    await page.goto(`/en/csat/${'A'.repeat(43)}?score=5`);
    await expect(page.getByRole('heading', { name: msg('en', 'csat.page.invalidTitle') })).toBeVisible();
  });
});

async function caseEmail(db: Db, caseId: string): Promise<string> {
  const [row] = await db.select({ email: cases.customerEmail }).from(cases).where(eq(cases.id, caseId));
  return row!.email;
}
