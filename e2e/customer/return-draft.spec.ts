import { eq } from 'drizzle-orm';
import { orders, returns, withdrawals } from '../../db/schema';
import type { Db } from '../../db';
import { createReturnableOrder } from '../../test/return-factories';
import { expect, msg, test } from '../fixtures';
import { ReturnWizardPage } from '../pages/return-wizard';

const en = (key: string) => msg('en', key);

async function returnsOf(db: Db, orderNumber: string) {
  return db.select({ rma: returns.rmaNumber }).from(returns).innerJoin(orders, eq(orders.id, returns.orderId)).where(eq(orders.orderNumber, orderNumber));
}

test('[DRAFT] @phone reload, Back and a lost connection keep every answer; the retry creates one return', async ({ page, context, db }) => {
  // Many page loads and server actions on a machine shared by many builds.
  test.setTimeout(180_000);
  const order = await createReturnableOrder(db, { locale: 'en' });
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.open(order.orderNumber, order.email);
  await wizard.selectItem('Test shirt');
  await wizard.continue();
  await wizard.expectStep('reason', 2);
  await wizard.chooseReason('Changed my mind');
  await page.getByLabel(en('returnWizard.comment')).fill('The colour is not as in the photo');
  await wizard.continue();
  await wizard.expectStep('resolution', 3);
  await expect(page).toHaveURL(/[?&]step=resolution/);

  // Unsent answers: leaving the page asks first.
  expect(await page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })))).toBe(true);

  // Reload: the same step, every answer back (the browser's "leave?" question is answered yes).
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect(wizard.heading()).toHaveText(en('returnWizard.headings.resolution'));
  await expect(page.getByTestId('wizard-restored')).toHaveText(en('wizardDraft.restored'));

  // Back through the steps: nothing lost.
  await page.getByRole('button', { name: en('returnWizard.back'), exact: true }).click();
  await wizard.expectStep('reason', 2);
  await expect(page.getByLabel(en('returnWizard.reason'), { exact: true }).locator('option:checked')).toHaveText('Changed my mind');
  await expect(page.getByLabel(en('returnWizard.comment'))).toHaveValue('The colour is not as in the photo');
  await page.getByRole('button', { name: en('returnWizard.back'), exact: true }).click();
  await wizard.expectStep('items', 1);
  await expect(page.getByRole('checkbox', { name: 'Test shirt' })).toBeChecked();
  // The browser's own Back follows the URL, answers kept.
  await page.goBack();
  await expect(wizard.heading()).toHaveText(en('returnWizard.headings.reason'));
  await expect(page.getByLabel(en('returnWizard.comment'))).toHaveValue('The colour is not as in the photo');

  await wizard.continue();
  await wizard.expectStep('resolution', 3);
  await wizard.chooseResolution('storeCredit');
  await wizard.continue();
  await wizard.chooseMethod('printerless', 'Matkahuolto');
  await wizard.continue();
  await wizard.expectStep('review', 5);

  // Offline on submit: the message in words, the answers kept, nothing created.
  await context.setOffline(true);
  await page.getByRole('button', { name: en('returnWizard.submit') }).click();
  await expect(page.getByTestId('wizard-offline')).toContainText(en('wizardDraft.offline'));
  await expect(wizard.heading()).toHaveText(en('returnWizard.headings.review'));
  expect(await returnsOf(db, order.orderNumber)).toHaveLength(0);

  // Online again: one retry, one return; the draft is gone.
  await context.setOffline(false);
  await page.getByRole('button', { name: en('wizardDraft.retry') }).click();
  await expect(page).toHaveURL(/\/en\/returns\/R-\d+/, { timeout: 20_000 });
  const created = await returnsOf(db, order.orderNumber);
  expect(created).toHaveLength(1);
  expect(page.url()).toContain(created[0]!.rma);
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('paluu.returnDraft')))).toEqual([]);
});

test('[DRAFT] a retry after an answer that never arrived (the server got the request) still makes one return', async ({ page, db }) => {
  // Many page loads and server actions on a machine shared by many builds.
  test.setTimeout(180_000);
  const order = await createReturnableOrder(db, { locale: 'en' });
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.open(order.orderNumber, order.email);
  await wizard.selectItem('Test shirt');
  await wizard.continue();
  await wizard.chooseReason('Changed my mind');
  await wizard.continue();
  await wizard.chooseResolution('storeCredit');
  await wizard.continue();
  await wizard.chooseMethod('printerless', 'Matkahuolto');
  await wizard.continue();
  await wizard.expectStep('review', 5);

  // The first submit reaches the server, but its answer is lost on the way back.
  let cut = true;
  await page.route(
    (url) => url.pathname.endsWith('/return'),
    async (route) => {
      if (cut && route.request().method() === 'POST') {
        cut = false;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    },
  );
  await page.getByRole('button', { name: en('returnWizard.submit') }).click();
  await expect(page.getByTestId('wizard-offline')).toContainText(en('wizardDraft.offline'));
  await expect.poll(async () => (await returnsOf(db, order.orderNumber)).length).toBe(1);

  await page.getByRole('button', { name: en('wizardDraft.retry') }).click();
  await expect(page).toHaveURL(/\/en\/returns\/R-\d+/, { timeout: 20_000 });
  const created = await returnsOf(db, order.orderNumber);
  expect(created).toHaveLength(1);
  expect(page.url()).toContain(created[0]!.rma);
});

test('[DRAFT] a link away from unsent answers asks first; coming back finds them', async ({ page, db }) => {
  test.setTimeout(120_000);
  const order = await createReturnableOrder(db, { locale: 'en' });
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.open(order.orderNumber, order.email);
  await wizard.selectItem('Test shirt');
  const backLink = page.getByRole('link', { name: en('returnWizard.backToOrder').replace('{number}', order.orderNumber) });

  // "Stay": nothing happens.
  const stay = page.waitForEvent('dialog').then(async (dialog) => {
    expect(dialog.type()).toBe('confirm');
    expect(dialog.message()).toBe(en('wizardDraft.leaveConfirm'));
    await dialog.dismiss();
  });
  await backLink.click();
  await stay;
  await expect(page).toHaveURL(/\/return(\?|$)/);
  await expect(page.getByRole('checkbox', { name: 'Test shirt' })).toBeChecked();

  // "Leave": the order page; the wizard opened again has the answers.
  page.once('dialog', (dialog) => void dialog.accept());
  await backLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await page.getByRole('link', { name: en('returns.entry.start') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('returnWizard.title'));
  await expect(page.getByRole('checkbox', { name: 'Test shirt' })).toBeChecked();
  await expect(page.getByTestId('wizard-restored')).toHaveText(en('wizardDraft.restored'));
});

test('[DRAFT] the EU withdrawal keeps what was typed and chosen through a reload and a lost connection; one statement', async ({ page, context, db, makeOrder }) => {
  // Many page loads and server actions on a machine shared by many builds.
  test.setTimeout(180_000);
  const order = await makeOrder('en');
  await page.goto('/en/withdraw');
  await page.getByLabel(en('withdrawal.name')).fill('Test Customer');
  await page.getByLabel(en('withdrawal.orderNumber')).fill(order.orderNumber);
  await page.getByLabel(en('withdrawal.email')).fill(order.email);
  await page.getByRole('button', { name: en('withdrawal.continue') }).click();
  await expect(page.getByRole('heading', { name: en('withdrawal.stepItems') })).toBeFocused();
  await page.getByLabel('Merino Sweater').check();

  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect(page.getByLabel(en('withdrawal.name'))).toHaveValue('Test Customer');
  await expect(page.getByLabel(en('withdrawal.orderNumber'))).toHaveValue(order.orderNumber);
  await expect(page.getByLabel(en('withdrawal.email'))).toHaveValue(order.email);
  await page.getByRole('button', { name: en('withdrawal.continue') }).click();
  await expect(page.getByLabel('Merino Sweater')).toBeChecked();
  await page.getByRole('button', { name: en('withdrawal.continue') }).click();

  const confirm = page.getByRole('button', { name: en('withdrawal.confirm'), exact: true });
  await context.setOffline(true);
  await confirm.click();
  await expect(page.getByRole('alert').filter({ hasText: en('wizardDraft.offline') })).toBeVisible();
  await context.setOffline(false);
  await confirm.click();
  await expect(page.getByTestId('withdrawal-receipt')).toContainText(order.orderNumber);
  expect(await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id))).toHaveLength(1);
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('paluu.withdrawalDraft')))).toEqual([]);
});
