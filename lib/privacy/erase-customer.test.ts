/**
 * Erasure (GDPR art. 17) against the real database: afterwards no text, varchar, jsonb, array or
 * bytea column of any table holds the person's email, name, phone or street, while the accounting
 * figures (captured, refunded, refunds, compensations, withdrawal amounts, order numbers) are unchanged.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createPersonWithEverything, newPerson, type Person } from '@/test/privacy-factories';
import { createCase, createStaff } from '@/test/staff-factories';
import { eraseCustomer } from './erase-customer';
import { exportCustomer } from './export-customer';
import { uuidArray } from './sql';

const db = testDb();
let admin: { type: 'staff'; staffId: string; role: 'admin' };
let agent: { type: 'staff'; staffId: string; role: 'agent' };

beforeAll(async () => {
  admin = { type: 'staff', staffId: (await createStaff(db, { role: 'admin' })).id, role: 'admin' };
  agent = { type: 'staff', staffId: (await createStaff(db, { role: 'agent' })).id, role: 'agent' };
});

/** Every (table, column) holding text in any form, searched case-insensitively for each value. */
async function occurrences(values: string[]): Promise<string[]> {
  const columns = await db.execute<{ table_name: string; column_name: string; data_type: string }>(sql`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'bytea')`);
  expect(columns.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const { table_name, column_name, data_type } of columns) {
    const column = sql.identifier(column_name);
    for (const value of values) {
      // Bytes (photos) are searched as bytes, in the value's own and lower case; text case-insensitively.
      const match =
        data_type === 'bytea'
          ? sql`position(convert_to(${value}, 'UTF8') in ${column}) > 0 or position(convert_to(lower(${value}), 'UTF8') in ${column}) > 0`
          : sql`strpos(lower(${column}::text), lower(${value})) > 0`;
      const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${match}`);
      if (row!.n > 0) hits.push(`${table_name}.${column_name} contains ${value} (${row!.n} rows)`);
    }
  }
  return hits;
}

async function accounting(person: Person) {
  const ids = uuidArray(person.orderIds);
  const [row] = await db.execute<Record<string, string>>(sql`
    select (select sum(captured_amount) from orders where id = any(${ids}))::text as captured,
           (select sum(refunded_amount) from orders where id = any(${ids}))::text as refunded,
           (select string_agg(order_number, ',' order by order_number) from orders where id = any(${ids})) as numbers,
           (select sum(amount)::text || '/' || count(*) from refunds where order_id = any(${ids})) as refunds,
           (select sum(amount)::text || '/' || count(*) from compensations where order_id = any(${ids})) as compensations,
           (select sum(items_amount + delivery_refund_amount)::text || '/' || string_agg(receipt_number, ',') from withdrawals where order_id = any(${ids})) as withdrawals,
           (select string_agg(placed_at::text, ',' order by placed_at) from orders where id = any(${ids})) as dates`);
  return row!;
}

describe('eraseCustomer', () => {
  it('leaves no trace of the email, name, phone or street in any column of any table; accounting totals stay', async () => {
    const person = await createPersonWithEverything(db, admin.staffId);
    // Someone else's note mentions the person: the mention goes, the rest of the note stays.
    const other = await createCase(db, { customerEmail: `${newPerson().email}`, subject: 'Toinen asiakas' });
    await db.execute(sql`insert into case_messages (case_id, kind, body) values (${other.id}, 'internal_note', ${`Sama osoite kuin ${person.name}; tarkista.`})`);
    const bystander = await createOrder(db);

    const values = [person.email, person.name, person.phone, person.street];
    expect((await occurrences(values)).length).toBeGreaterThan(20); // the fixture really put them everywhere
    const before = await accounting(person);

    const result = await eraseCustomer({ db, actor: admin }, { email: `  ${person.email.toUpperCase()} `, confirmEmail: person.email });
    expect(result.orders).toBe(2);
    expect(result.cases).toBe(1);

    expect(await occurrences(values)).toEqual([]);
    expect(await accounting(person)).toEqual(before);

    // Photos are gone, the raw webhook payload that named the parcel is cleared, unsent mail never leaves.
    const [after] = await db.execute<{ photos: number; raw: string; status: string; note: string; bystander: string }>(sql`
      select (select count(*)::int from photos where order_id = any(${uuidArray(person.orderIds)})) as photos,
             (select raw_body from webhook_inbox where headers is null and raw_body = '[erased]' limit 1) as raw,
             (select status::text from outbox where case_id = ${person.caseId}) as status,
             (select body from case_messages where case_id = ${other.id}) as note,
             (select email from orders where id = ${bystander.id}) as bystander`);
    expect(after).toMatchObject({ photos: 0, raw: '[erased]', status: 'failed', note: 'Sama osoite kuin [erased]; tarkista.', bystander: bystander.email });

    // The audit row proves the erasure without naming the person: a keyed hash and counts.
    const [audit] = await db.execute<{ data: { subjectHash: string; orders: number } }>(
      sql`select data from case_events where type = 'privacy.erased' and actor_id = ${admin.staffId} order by id desc limit 1`,
    );
    expect(audit!.data.subjectHash).toMatch(/^[0-9a-f]{64}$/);
    expect(audit!.data.orders).toBe(2);

    // Erasing again finds nothing more (idempotent), and the export is empty.
    const again = await eraseCustomer({ db, actor: admin }, { email: person.email, confirmEmail: person.email });
    expect(again.orders).toBe(0);
    const exported = await exportCustomer({ db, actor: admin }, { email: person.email });
    expect(exported.sections.orders).toEqual([]);
  });

  it('refuses agents, a mistyped confirmation and a malformed address, and changes nothing', async () => {
    const person = await createPersonWithEverything(db, admin.staffId);
    await expect(eraseCustomer({ db, actor: agent }, { email: person.email, confirmEmail: person.email })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(eraseCustomer({ db, actor: admin }, { email: person.email, confirmEmail: 'someone@else.example' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['confirmEmail'], message: 'confirmMismatch' })],
    });
    await expect(eraseCustomer({ db, actor: admin }, { email: 'not an email', confirmEmail: 'not an email' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'emailInvalid' })],
    });
    const [row] = await db.execute<{ email: string }>(sql`select email from orders where id = ${person.orderIds[0]!}`);
    expect(row!.email).toBe(person.email);
  });
});

describe('exportCustomer', () => {
  it('returns everything about the address, notes and email bodies included, and audits the export without the address', async () => {
    const person = await createPersonWithEverything(db, admin.staffId);
    const result = await exportCustomer({ db, actor: admin }, { email: person.email.toUpperCase() });
    const s = result.sections;
    expect(s.orders.map((o) => o.order_number).sort()).toEqual([...person.orderNumbers].sort());
    expect(s.orders[0]).toMatchObject({ email: person.email, customer_name: person.name, phone: person.phone });
    expect(s.caseMessages.map((m) => m.kind).sort()).toEqual(['customer_message', 'internal_note', 'reply']);
    expect(s.emails).toHaveLength(1);
    expect((s.emails[0]!.payload as { html: string }).html).toContain(person.street);
    for (const key of ['orderLines', 'shipments', 'trackingEvents', 'returns', 'returnItems', 'claims', 'withdrawals', 'cases', 'caseEvents', 'compensations', 'refunds', 'csat', 'csatOptOuts', 'delayIncidents', 'notices', 'trackingLinks'] as const) {
      expect(s[key].length, key).toBeGreaterThan(0);
    }
    expect(s.photos).toHaveLength(2);
    expect(s.photos[0]).not.toHaveProperty('data');
    expect(s.trackingLinks[0]).not.toHaveProperty('token_hash');
    const [audit] = await db.execute<{ data: string }>(
      sql`select data::text as data from case_events where type = 'privacy.exported' and actor_id = ${admin.staffId} order by id desc limit 1`,
    );
    expect(audit!.data).toContain('subjectHash');
    expect(audit!.data.toLowerCase()).not.toContain(person.email.toLowerCase());
    await expect(exportCustomer({ db, actor: agent }, { email: person.email })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
