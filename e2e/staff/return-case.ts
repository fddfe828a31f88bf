import type { Page } from '@playwright/test';
import type { Db } from '../../db';
import { createRequestedReturn } from '../../test/staff2-factories';
import { expect, msg } from '../fixtures';
import { loginAs } from './login';

/**
 * A requested return of one €49 item, approved by the demo agent from its case (fi): the label is issued and the
 * case page is open. Returns the return and its panel.
 */
export async function approveReturnFromCase(page: Page, db: Db) {
  const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 4900 }] });
  await loginAs(page, 'agent');
  await page.goto(`/staff/cases/${r.caseId}`);
  const panel = page.getByTestId('return-panel');
  await panel.getByRole('button', { name: msg('fi', 'staffReturns.approve') }).click();
  await expect(panel.getByTestId('return-status')).toHaveText(msg('fi', 'staffReturns.statuses.label_issued'));
  return { r, panel };
}
