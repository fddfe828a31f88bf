import { servicePointCache } from '../../db/schema';
import type { ServicePoint } from '../../lib/carriers/service-point';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { ReturnWizardPage } from '../pages/return-wizard';

const week = (open: string, close: string) => [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 6 ? [{ open, close }] : []));
const demoPoint = (postalCode: string, n: number, meters: number): ServicePoint => ({
  carrier: 'posti',
  id: `e2e-posti-${postalCode}-${n}`,
  name: `Demo Posti e2e point ${postalCode}-${n}`,
  address: { street: `Demo street ${n}`, postalCode, city: 'Helsinki', country: 'FI' },
  coordinates: null,
  distanceMeters: meters,
  hours: week('08:00', '20:00'),
  hoursText: 'ma-la 8.00 - 20.00',
  type: n === 2 ? 'locker' : 'pickup',
});

const budbeeBox = (n: number, meters: number): ServicePoint => ({
  carrier: 'budbee',
  id: `e2e-budbee-00100-${n}`,
  name: `Demo Budbee e2e box ${n}`,
  address: { street: `Demo street ${n}`, postalCode: '00100', city: 'Helsinki', country: 'FI' },
  coordinates: null,
  distanceMeters: meters,
  hours: week('00:00', '24:00'),
  hoursText: null,
  type: 'locker',
});

test.beforeEach(async ({ db }) => {
  for (const [carrier, postalCode, points] of [
    ['posti', '00100', [demoPoint('00100', 1, 350), demoPoint('00100', 2, 900), demoPoint('00100', 3, 1600)]],
    ['posti', '33100', [demoPoint('33100', 1, 200)]],
    ['budbee', '00100', [budbeeBox(1, 400), budbeeBox(2, 1100)]],
  ] as const) {
    await db
      .insert(servicePointCache)
      .values({ carrier, country: 'FI', postalCode, points: [...points], demo: true, fetchedAt: new Date() })
      .onConflictDoUpdate({ target: [servicePointCache.carrier, servicePointCache.country, servicePointCache.postalCode], set: { points: [...points], demo: true } });
  }
});

/** As ReturnWizardPage.open, with room for a loaded machine (the lookup hashes; the shared CI box is slow). */
async function openWizard(wizard: ReturnWizardPage, order: { orderNumber: string; email: string }) {
  const lookup = new LookupPage(wizard.page, wizard.locale);
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(wizard.page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber, { timeout: 30_000 });
  await wizard.page.getByRole('link', { name: msg(wizard.locale, 'returns.entry.start') }).click();
  await expect(wizard.page.getByRole('heading', { level: 1 })).toHaveText(msg(wizard.locale, 'returnWizard.title'), { timeout: 30_000 });
}

async function toMethodStep(wizard: ReturnWizardPage) {
  await wizard.selectItem('Merino Sweater');
  await wizard.continue();
  await wizard.chooseReason('Too small');
  await wizard.continue();
  await wizard.chooseResolution('refund');
  await wizard.continue();
  await wizard.expectStep('method', 4);
  await wizard.chooseMethod('drop_off', 'Posti');
}

test('[SERVICE POINTS] the drop-off step lists the nearest Posti points for the order’s postal code, marked demo data, and searches another code', async ({ page, makeOrder, expectNoAxeViolations }) => {
  test.slow();
  const order = await makeOrder('en');
  const wizard = new ReturnWizardPage(page, 'en');
  await openWizard(wizard, order);
  await toMethodStep(wizard);

  const list = page.getByRole('list', { name: msg('en', 'servicePoints.listLabel') });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  const first = list.getByRole('listitem').first();
  await expect(first).toContainText('Demo Posti e2e point 00100-1');
  await expect(first).toContainText('Demo street 1, 00100 Helsinki');
  await expect(first).toContainText('350 m');
  await expect(list.getByRole('listitem').nth(1)).toContainText(msg('en', 'servicePoints.type.locker'));
  await expect(page.getByTestId('service-points-demo')).toHaveText(msg('en', 'servicePoints.demo'));
  // The week opens from the keyboard.
  const week = first.locator('summary');
  await expect(week).toHaveText(msg('en', 'servicePoints.week'));
  await week.focus();
  await page.keyboard.press('Enter');
  await expect(first.getByText('Monday')).toBeVisible();
  await expectNoAxeViolations(page);

  // A bad postal code: a localized message, announced, tied to the field.
  const field = page.getByLabel(msg('en', 'servicePoints.postalCodeLabel'));
  await field.fill('123');
  await field.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a valid postal code' })).toHaveText(msg('en', 'servicePoints.errors.postalCode').replace('{example}', '00100'));
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // Enter searched; the wizard stayed on its step and focus stayed in the field.
  await expect(wizard.heading()).toHaveText(msg('en', 'returnWizard.headings.method'));
  await expect(field).toBeFocused();

  await field.fill('33100');
  await page.getByRole('button', { name: msg('en', 'servicePoints.search') }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Demo Posti e2e point 33100-1');
});

test('[SERVICE POINTS] @phone the point list fits a 360 px screen', async ({ page, makeOrder, expectNoAxeViolations }) => {
  test.slow();
  const order = await makeOrder('fi');
  const wizard = new ReturnWizardPage(page, 'fi');
  await openWizard(wizard, order);
  await wizard.selectItem('Merino Sweater');
  await wizard.continue();
  await wizard.chooseReason('Liian pieni');
  await wizard.continue();
  await wizard.chooseResolution('refund');
  await wizard.continue();
  await wizard.chooseMethod('drop_off', 'Posti');
  await expect(page.getByTestId('service-point')).toHaveCount(3);
  await expect(page.getByTestId('service-points-demo')).toHaveText(msg('fi', 'servicePoints.demo'));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});

test('[SERVICE POINTS] choosing Budbee lists its boxes (lockers) for the order’s postal code', async ({ page, makeOrder, expectNoAxeViolations }) => {
  test.slow();
  const order = await makeOrder('en');
  const wizard = new ReturnWizardPage(page, 'en');
  await openWizard(wizard, order);
  await toMethodStep(wizard);
  await wizard.chooseMethod('drop_off', 'Budbee');

  const list = page.getByRole('list', { name: msg('en', 'servicePoints.listLabel') });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toContainText('Demo Budbee e2e box 1');
  await expect(list.getByRole('listitem').first()).toContainText('400 m');
  for (const item of await list.getByRole('listitem').all()) await expect(item).toContainText(msg('en', 'servicePoints.type.locker'));
  await expect(list).not.toContainText('Demo Posti e2e point');
  await expectNoAxeViolations(page);
});
