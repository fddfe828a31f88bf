import type { Page } from '@playwright/test';
import { msg } from '../fixtures';

type StaffLocale = 'fi' | 'en';

/** /staff/delays: groups of open incidents with previews, send / dismiss, history. */
export class StaffDelaysPage {
  constructor(
    readonly page: Page,
    readonly locale: StaffLocale,
  ) {}

  async goto() {
    await this.page.goto('/staff/delays');
  }

  /** The group holding this order's incident. */
  groupWith(orderNumber: string) {
    return this.page.getByTestId('delay-group').filter({ has: this.page.getByText(orderNumber, { exact: true }) });
  }

  checkbox(orderNumber: string) {
    return this.groupWith(orderNumber).getByRole('checkbox', { name: orderNumber, exact: true });
  }

  button(orderNumber: string, key: 'sendSelected' | 'sendAll' | 'dismissSelected') {
    return this.groupWith(orderNumber).getByRole('button', { name: msg(this.locale, `staffDelays.${key}`) });
  }

  confirmDismiss() {
    return this.page.getByRole('alertdialog').getByRole('button', { name: msg(this.locale, 'staffDelays.confirmDismiss') });
  }

  history() {
    return this.page.getByTestId('notice-history');
  }
}
