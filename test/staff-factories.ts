import { hash } from '@node-rs/argon2';
import type { Db } from '../db';
import { staffUsers } from '../db/schema';
import { uniqueId } from './factories';

export type TestStaff = { id: string; email: string; password: string; role: 'agent' | 'admin'; name: string; totpSecret: string | null };

/** A staff member of our own; `totpSecret` turns two-factor on. */
export async function createStaff(db: Db, options: { role?: 'agent' | 'admin'; totpSecret?: string; locale?: 'en' | 'fi' | 'sv'; name?: string } = {}): Promise<TestStaff> {
  const email = `${uniqueId('staff')}@staff.example`;
  const password = `pw-${uniqueId()}`;
  const role = options.role ?? 'agent';
  const name = options.name ?? `Staff ${email.slice(6, 14)}`;
  const [row] = await db
    .insert(staffUsers)
    .values({
      email,
      name,
      role,
      locale: options.locale ?? 'en',
      passwordHash: await hash(password),
      totpSecret: options.totpSecret ?? null,
      totpEnabledAt: options.totpSecret ? new Date() : null,
    })
    .returning({ id: staffUsers.id });
  return { id: row!.id, email, password, role, name, totpSecret: options.totpSecret ?? null };
}

/** A case of our own, opened the way the app opens cases (SLA due times included). */
export async function createCase(
  db: Db,
  options: { orderId?: string | null; customerEmail?: string; customerName?: string; locale?: 'fi' | 'sv' | 'en' | 'da' | 'nb'; type?: 'question' | 'return' | 'claim'; subject?: string } = {},
): Promise<{ id: string; number: number }> {
  const { openCase } = await import('../lib/cases/open-case');
  return db.transaction((tx) =>
    openCase(tx, {
      actor: { type: 'system' },
      type: options.type ?? 'question',
      subject: options.subject ?? `Question ${uniqueId()}`,
      customerEmail: options.customerEmail ?? `${uniqueId('cust')}@example.com`,
      customerName: options.customerName ?? 'Testi Asiakas',
      locale: options.locale ?? 'fi',
      orderId: options.orderId ?? null,
    }),
  );
}
