/**
 * Issue #12: an agent opened an admin's invitation link in the Outbox view and became an admin.
 * A one-time secret (the invitation link) is shown once to the admin who made it and reaches the
 * invitee's mailbox; no other staff member can read it in any page, export or action, and nothing
 * in the database holds it in the clear.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { outbox } from '@/db/schema';
import { generateTotpSecret } from '@/lib/auth/totp';
import { dispatchOutbox } from '@/lib/outbox/dispatch-outbox';
import { createSmtpMailer } from '@/lib/outbox/smtp-mailer';
import { getOutboxMessage, listOutbox } from '@/lib/outbox/staff-outbox';
import { exportCustomer } from '@/lib/privacy/export-customer';
import { testDb, uniqueId } from '@/test/db';
import { inRollback } from '@/test/rollback';
import { startSmtpSink } from '@/test/smtp-sink';
import { createStaff } from '@/test/staff-factories';
import { acceptInvite } from './accept-invite';
import { inviteStaff } from './invite-staff';
import { resendInvite } from './resend-invite';

const db = testDb();
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});

const tokenOf = (url: string) => url.split('/staff/invite/')[1]!;

async function people(database: Db = db) {
  const admin = await createStaff(database, { role: 'admin', totpSecret: generateTotpSecret() });
  const agent = await createStaff(database, { role: 'agent' });
  return {
    admin: { db: database, actor: { type: 'staff' as const, staffId: admin.id, role: 'admin' as const } },
    agent: { db: database, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } },
  };
}

/** Every row of every table (pg-boss jobs included) whose text contains `needle`. */
async function rowsContaining(database: Db, needle: string): Promise<string[]> {
  const tables = await database.execute<{ schema: string; name: string }>(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`);
  const hits: string[] = [];
  for (const t of tables) {
    const [row] = await database.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} r where strpos(r::text, ${needle}) > 0`);
    if (row!.n > 0) hits.push(`${t.schema}.${t.name}`);
  }
  return hits;
}

describe('staff invitation links are a one-time secret', () => {
  it('the admin who invites gets the link once; the stored email shows it hidden; nothing in the database holds it', async () => {
    const { admin } = await people();
    const email = `${uniqueId('inv')}@staff.example`;
    const { url } = await inviteStaff(admin, { name: 'Aino Admin', email, role: 'admin', locale: 'fi' });
    const token = tokenOf(url);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [mail] = await db.select().from(outbox).where(eq(outbox.recipient, email));
    expect(mail).toMatchObject({ kind: 'staff_invite', audience: 'staff' });
    expect(mail!.payload.text).toContain('/staff/invite/[hidden]');
    expect(mail!.payload.html).toContain('/staff/invite/[hidden]');
    expect(mail!.sealedSecrets).toMatch(/^enc:v1:/);
    expect(await rowsContaining(db, token)).toEqual([]);
  });

  it('as an agent, neither the outbox list, a message by id, nor its preview yields the link', async () => {
    const { admin, agent } = await people();
    const email = `${uniqueId('inv')}@staff.example`;
    const { url } = await inviteStaff(admin, { name: 'Anni Admin', email, role: 'admin' });
    const [mail] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.recipient, email));

    // The list: staff mail is not there at all, not even filtered by recipient or kind.
    for (const query of [{}, { to: email }, { kind: 'staff_invite' }]) {
      const page = await listOutbox(agent, query);
      expect(page.rows.map((r) => r.id)).not.toContain(mail!.id);
      expect(JSON.stringify(page)).not.toContain(tokenOf(url));
    }
    // By id: the same answer as for a message that does not exist.
    await expect(getOutboxMessage(agent, mail!.id)).rejects.toMatchObject({ code: 'not_found' });

    // An admin sees that the invitation went out, with the link hidden.
    expect((await listOutbox(admin, { to: email })).rows.map((r) => r.id)).toEqual([mail!.id]);
    const seen = await getOutboxMessage(admin, mail!.id);
    expect(seen.text).toContain('/staff/invite/[hidden]');
    expect(`${seen.html}${seen.text}${seen.subject}`).not.toContain(tokenOf(url));
  });

  it('customer mail is still readable by agents', async () => {
    const { agent } = await people();
    const { enqueueEmail } = await import('@/lib/outbox/enqueue-email');
    const to = `${uniqueId('cust')}@example.com`;
    const id = await enqueueEmail(db, { kind: 'email.test', dedupeKey: uniqueId('cust-mail'), email: { to, subject: 'Your parcel', html: '<p>Hi</p>', text: 'Hi' } });
    expect((await listOutbox(agent, { to })).rows.map((r) => r.id)).toEqual([id]);
    expect((await getOutboxMessage(agent, id!)).text).toBe('Hi');
  });

  it('the data export of the invitee holds no link or sealed secret', async () => {
    const { admin } = await people();
    const email = `${uniqueId('inv')}@staff.example`;
    const { url } = await inviteStaff(admin, { name: 'Eero Export', email, role: 'agent' });
    const exported = await exportCustomer(admin, { email });
    expect(exported.sections.emails).toHaveLength(1);
    const text = JSON.stringify(exported);
    expect(text).not.toContain(tokenOf(url));
    expect(text).not.toContain('enc:v1:');
  });

  it('the invitee receives the working link by SMTP; the sealed copy is wiped once it has left', async () => {
    await inRollback(db, async (tx) => {
      const { admin } = await people(tx);
      const email = `${uniqueId('inv')}@staff.example`;
      const { url } = await inviteStaff(admin, { name: 'Ville Vastaanottaja', email, role: 'agent', locale: 'fi' });
      // Uncommitted: no other worker in the test run can capture this message before we send it.
      const mine = (await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.recipient, email))).map((r) => r.id);
      await dispatchOutbox(tx, createSmtpMailer(sink.url, 'Kuusi & Koivu <noreply@kuusikoivu.example>'), 500, undefined, mine);
      const received = sink.received.find((m) => m.to && !Array.isArray(m.to) && m.to.text === email);
      expect(received?.text).toContain(url);
      expect(received?.html).toContain(url);
      const [row] = await tx.select().from(outbox).where(eq(outbox.recipient, email));
      expect(row).toMatchObject({ status: 'sent', sealedSecrets: null });
      expect(await rowsContaining(tx, tokenOf(url))).toEqual([]);
      // The link works for the invitee.
      expect(await acceptInvite({ db: tx }, { token: tokenOf(url), password: 'kuusi koivua rannalla', confirm: 'kuusi koivua rannalla' })).toEqual({ email });
    });
  });

  it('without SMTP (demo) the message is captured and its sealed copy wiped: only the admin saw the link, once', async () => {
    await inRollback(db, async (tx) => {
      const { admin } = await people(tx);
      const email = `${uniqueId('inv')}@staff.example`;
      await inviteStaff(admin, { name: 'Demo Invitee', email, role: 'agent' });
      await dispatchOutbox(tx, null, 500, undefined, (await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.recipient, email))).map((r) => r.id));
      const [row] = await tx.select().from(outbox).where(eq(outbox.recipient, email));
      expect(row).toMatchObject({ status: 'captured', sealedSecrets: null });
    });
  });

  it('a resent invitation is hidden the same way', async () => {
    const { admin, agent } = await people();
    const email = `${uniqueId('inv')}@staff.example`;
    const { staffId } = await inviteStaff(admin, { name: 'Resend Me', email, role: 'admin' });
    const { url } = await resendInvite(admin, { staffId });
    const mails = await db.select().from(outbox).where(eq(outbox.recipient, email));
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.audience === 'staff' && m.payload.text.includes('/staff/invite/[hidden]'))).toBe(true);
    expect(await rowsContaining(db, tokenOf(url))).toEqual([]);
    expect((await listOutbox(agent, { to: email })).rows).toEqual([]);
  });

  it('a secret in the readable body is refused, not stored', async () => {
    const { enqueueEmail } = await import('@/lib/outbox/enqueue-email');
    const key = uniqueId('leak');
    const secret = `https://desk.example/staff/invite/${uniqueId('tok')}`;
    await expect(
      enqueueEmail(db, { kind: 'staff_invite', dedupeKey: key, audience: 'staff', email: { to: 'x@staff.example', subject: 'Invite', html: secret, text: secret }, secrets: [{ placeholder: '[hidden]', value: secret }] }),
    ).rejects.toThrow(/secret/);
    expect(await db.$count(outbox, eq(outbox.dedupeKey, key))).toBe(0);
  });
});
