import type { Page } from '@playwright/test';
import { msg } from '../fixtures';

type Locale = 'fi' | 'sv' | 'en' | 'da' | 'nb';

export class LookupPage {
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {}

  async goto() {
    await this.page.goto(`/${this.locale}`);
  }

  async lookUp(orderNumber: string, contact: string) {
    await this.page.getByLabel(msg(this.locale, 'lookup.orderNumber')).fill(orderNumber);
    await this.page.getByLabel(msg(this.locale, 'lookup.contact')).fill(contact);
    await this.page.getByRole('button', { name: msg(this.locale, 'lookup.submit') }).click();
  }

  /** The form's own message (Next.js keeps an empty route announcer with role=alert too). */
  alert() {
    return this.page.locator('form').getByRole('alert');
  }
}
