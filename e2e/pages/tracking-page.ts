import type { Page } from '@playwright/test';
import { msg } from '../fixtures';

type Locale = 'fi' | 'sv' | 'en' | 'da' | 'nb';

/** The order page as a tracking link or a lookup opens it. */
export class TrackingPage {
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {}

  async openLink(token: string) {
    return this.page.goto(`/t/${token}`);
  }

  parcels() {
    return this.page.getByTestId('parcel');
  }

  parcel(index: number) {
    return this.parcels().nth(index);
  }

  /** Opens "Show all updates" of a parcel and returns its timeline (an ordered list). */
  async timeline(index: number) {
    const parcel = this.parcel(index);
    await parcel.locator('summary').click();
    return parcel.getByRole('list', { name: msg(this.locale, 'tracking.timeline') });
  }

  liveRegion() {
    return this.page.getByTestId('live-region');
  }
}
