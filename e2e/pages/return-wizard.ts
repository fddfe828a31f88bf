import { expect, type Page } from '@playwright/test';
import { msg, msgPrefix } from '../fixtures';
import { LookupPage } from './lookup-page';

type Locale = 'fi' | 'sv' | 'en' | 'da' | 'nb';

/** The customer's return wizard, driven the way a customer would: by visible labels in their language. */
export class ReturnWizardPage {
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {}

  /** Looks the order up, then opens the wizard from the order page's "Start a return". */
  async open(orderNumber: string, email: string) {
    const lookup = new LookupPage(this.page, this.locale);
    await lookup.goto();
    await lookup.lookUp(orderNumber, email);
    // Generous waits: the lookup's server action and the first page loads are slow on a shared, busy machine.
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(orderNumber, { timeout: 20_000 });
    await this.page.getByRole('link', { name: msg(this.locale, 'returns.entry.start') }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(msg(this.locale, 'returnWizard.title'), { timeout: 20_000 });
  }

  /** Opens the wizard and goes through the first two steps: one item, one reason, then at "resolution". */
  async openAtResolution(order: { orderNumber: string; email: string }, item: string, reason: string) {
    await this.open(order.orderNumber, order.email);
    await this.selectItem(item);
    await this.continue();
    await this.chooseReason(reason);
    await this.continue();
    await this.expectStep('resolution', 3);
  }

  heading() {
    return this.page.getByRole('heading', { level: 2 });
  }

  async expectStep(step: 'items' | 'reason' | 'resolution' | 'method' | 'review', number: number) {
    // Each step is a client transition, but its first render can wait on a busy CI machine.
    await expect(this.heading()).toHaveText(msg(this.locale, `returnWizard.headings.${step}`), { timeout: 15_000 });
    await expect(this.page.getByText(msg(this.locale, 'returnWizard.stepOf').replace('{step}', String(number)).replace('{total}', '5'))).toBeVisible();
    // Focus moves to the step's heading, so a screen reader announces the new step.
    if (number > 1) await expect(this.heading()).toBeFocused();
  }

  async selectItem(title: string) {
    await this.page.getByRole('checkbox', { name: title }).check();
  }

  async continue() {
    await this.page.getByRole('button', { name: msg(this.locale, 'returnWizard.continue') }).click();
  }

  async chooseReason(label: string) {
    await this.page.getByLabel(msg(this.locale, 'returnWizard.reason'), { exact: true }).selectOption({ label });
  }

  async chooseResolution(key: 'refund' | 'storeCredit' | 'exchangeVariant' | 'exchangeProduct') {
    await this.page.getByRole('radio', { name: new RegExp(`^${escape(msgPrefix(this.locale, `returnWizard.resolution.${key}`))}`) }).check();
  }

  /** The exchange step's chip for a size ("S1"), found as a customer hears it: a radio in the "Size" group. */
  sizeChip(value: string) {
    return this.page
      .getByRole('radiogroup', { name: msg(this.locale, 'returnWizard.chips.dimension.size'), exact: true })
      .getByRole('radio', { name: new RegExp(`^${escape(value)}(?!\\w)`) });
  }

  async chooseSize(value: string) {
    await this.sizeChip(value).check();
  }

  async chooseMethod(method: 'drop_off' | 'printerless' | 'home_pickup', carrier: string) {
    await this.page.getByRole('radio', { name: new RegExp(escape(msg(this.locale, `returnWizard.method.${method}.title`))) }).check();
    await this.page.getByRole('radio', { name: carrier, exact: true }).check();
  }

  /** One item through every step, without stopping to look: for tests that need a submitted return. Returns the RMA. */
  async returnItem(choice: { item: string; reason: string; resolution: 'refund' | 'storeCredit'; method: 'drop_off' | 'printerless' | 'home_pickup'; carrier: string }) {
    await this.selectItem(choice.item);
    await this.continue();
    await this.chooseReason(choice.reason);
    await this.continue();
    await this.chooseResolution(choice.resolution);
    await this.continue();
    await this.chooseMethod(choice.method, choice.carrier);
    await this.continue();
    return this.submit();
  }

  async submit() {
    await this.page.getByRole('button', { name: msg(this.locale, 'returnWizard.submit') }).click();
    // The submit is a server action (one transaction, label booking): seconds on a loaded 2-core machine.
    await expect(this.page).toHaveURL(new RegExp(`/${this.locale}/returns/R-\\d+`), { timeout: 30_000 });
    return this.page.url().split('/returns/')[1]!.split('?')[0]!;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
