import { createReturnableOrder } from '../../test/return-factories';
import { expect, msg, test } from '../fixtures';
import { ReturnWizardPage } from '../pages/return-wizard';

const en = (key: string) => msg('en', key);

test('[RETURN] en @phone: another size by keyboard — chips in the catalogue order, the own and the sold-out size cannot be chosen, the choice survives a reload; axe clean', async ({ page, db, expectNoAxeViolations }) => {
  test.slow();
  // The customer has L0; of the other sizes S0 is sold out, S1 has 3 left, S2 2.
  const order = await createReturnableOrder(db, { locale: 'en', siblingStock: [0, 3, 2] });
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.openAtResolution(order, 'Test shirt', 'Too small');
  await wizard.chooseResolution('exchangeVariant');

  // One "Size" group, its values in the catalogue's order; the customer's own size is marked, the sold-out one says so.
  const sizes = page.getByRole('radiogroup', { name: en('returnWizard.chips.dimension.size'), exact: true });
  await expect(sizes.getByRole('radio')).toHaveCount(4);
  const names = await sizes.getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value));
  expect(names).toEqual(['L0', 'S0', 'S1', 'S2']);
  await expect(wizard.sizeChip('L0')).toBeDisabled();
  await expect(wizard.sizeChip('L0')).toHaveAccessibleName(new RegExp(`^L0\\W+${en('returnWizard.chips.current')}$`));
  await expect(wizard.sizeChip('S0')).toBeDisabled();
  await expect(wizard.sizeChip('S0')).toHaveAccessibleName(new RegExp(`^S0\\W+${en('returnWizard.chips.soldOut')}$`));

  // Continue with nothing chosen: the message, and the keyboard is put on the first size that can be chosen.
  await wizard.continue();
  const required = page.getByText(en('returnWizard.errors.variantRequired'));
  await expect(required).toBeVisible();
  await expect(wizard.sizeChip('S1')).toBeFocused();

  // Keyboard only from here: Space chooses the focused chip (the message goes), an arrow key the next one.
  await page.keyboard.press('Space');
  await expect(wizard.sizeChip('S1')).toBeChecked();
  await expect(required).toHaveCount(0);
  await expect(page.getByTestId('variant-0-chosen')).toHaveText('You get: S1 — 3 left');
  await page.keyboard.press('ArrowRight');
  await expect(wizard.sizeChip('S2')).toBeChecked();
  await expect(wizard.sizeChip('S2')).toBeFocused();
  await expect(page.getByTestId('variant-0-chosen')).toHaveText('You get: S2 — 2 left');
  // The arrow goes round the group past the sizes that cannot be chosen.
  await page.keyboard.press('ArrowRight');
  await expect(wizard.sizeChip('S1')).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(wizard.sizeChip('S2')).toBeChecked();

  // A chip is a 44 px target, and the step fits the screen's width.
  const box = (await wizard.sizeChip('S2').boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expectNoAxeViolations(page);

  // Reload (the browser's "leave?" answered yes): the same step, S2 still chosen.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect(wizard.heading()).toHaveText(en('returnWizard.headings.resolution'), { timeout: 20_000 });
  await expect(wizard.sizeChip('S2')).toBeChecked();
  await expect(page.getByTestId('variant-0-chosen')).toHaveText('You get: S2 — 2 left');
  await wizard.continue();
  await wizard.expectStep('method', 4);
});

test('[RETURN] en: another product is a list of cards — picture, name, options, price and stock; one is chosen; axe clean', async ({ page, db, expectNoAxeViolations }) => {
  test.slow();
  const order = await createReturnableOrder(db, { locale: 'en' });
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.openAtResolution(order, 'Test shirt', 'Too small');
  await wizard.chooseResolution('exchangeProduct');

  const products = page.getByRole('radiogroup', { name: en('returnWizard.chooseProduct'), exact: true });
  const card = products.locator('label').first();
  const first = card.getByRole('radio');
  await expect(first).toBeVisible();
  // Each card says its price and what is left ("3 left"); the demo catalogue offers only what is in stock.
  await expect(card).toContainText(/€\d+\.\d{2}/);
  await expect(card).toContainText(/\d+ left/);
  await first.check();
  await expect(first).toBeChecked();
  await expectNoAxeViolations(page);
});
