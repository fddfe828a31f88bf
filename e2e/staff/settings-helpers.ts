import { randomInt } from 'node:crypto';
import type { Browser } from '@playwright/test';
import type { Db } from '../../db';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import type { StaffLogin } from './login';

/** An admin of the test's own (with TOTP): parallel tests never compete for the demo admin's one-time codes. */
export async function ownAdmin(db: Db): Promise<StaffLogin & { name: string }> {
  const totpSecret = generateTotpSecret();
  const admin = await createStaff(db, { role: 'admin', totpSecret, locale: 'en' });
  return { email: admin.email, password: admin.password, totpSecret, name: admin.name };
}

/** A second person (the customer): their own browser context and client address. */
export const newPerson = async (browser: Browser) =>
  (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` } })).newPage();
