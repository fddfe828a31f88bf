import type { Page } from '@playwright/test';
import { msg } from '../fixtures';

type Locale = 'fi' | 'sv' | 'en' | 'da' | 'nb';
type Remedy = 'keep_waiting' | 'keep_waiting_with_discount' | 'cancel_refund' | 'replacement';

/** The customer's remedy page, opened from the delay notice email. */
export class RemedyPage {
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {}

  async open(path: string) {
    return this.page.goto(path);
  }

  option(remedy: Remedy) {
    return this.page.locator(`[data-remedy="${remedy}"]`);
  }

  /** The card's one control ("Choose this: <option>"), a button or, for cancel, the link to the confirmation. */
  chooseControl(remedy: Remedy) {
    return this.option(remedy).getByRole(remedy === 'cancel_refund' ? 'link' : 'button', { name: `${msg(this.locale, 'remedy.choose')}: ${msg(this.locale, `remedy.options.${remedy}.title`)}` });
  }

  confirmCancel() {
    return this.page.getByRole('button', { name: msg(this.locale, 'remedy.confirmYes') });
  }

  chosen() {
    return this.page.getByTestId('remedy-chosen');
  }
}
