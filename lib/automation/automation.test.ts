import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { automationRules, caseEvents, caseMessages, cases, domainEvents, macros, outbox, staffUsers } from '@/db/schema';
import { openCase } from '@/lib/cases/open-case';
import { updateCase } from '@/lib/cases/update-case';
import { createOrder, uniqueId } from '@/test/factories';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { runSubscriberFor } from '@/test/subscribers';
import { createTeam } from '@/lib/teams/create-team';
import { deleteTeam } from '@/lib/teams/delete-team';
import { setTeamMembers } from '@/lib/teams/set-team-members';
import { closeWaitingCases } from './close-waiting-cases';
import { runRulesOnCase } from './run-rules';
import { saveRule } from './save-rule';
import { setAgentRouting } from './set-agent-routing';
import { automationRulesSubscriber } from './subscribers';
import type { RuleFormInput } from './schemas';

const db = testDb();

/**
 * The rules and agent capacities are shop-wide, and other test files share the database: every rule here is
 * scoped to this test's own tag, and only this file gives agents a capacity (reset before each test).
 */
let tag: string;
let admin: { db: typeof db; actor: { type: 'staff'; staffId: string; role: 'admin' } };

beforeEach(async () => {
  tag = uniqueId('auto').toLowerCase();
  await db.update(staffUsers).set({ capacity: null }).where(sql`${staffUsers.capacity} is not null`);
  const row = await createStaff(db, { role: 'admin' });
  admin = { db, actor: { type: 'staff', staffId: row.id, role: 'admin' } };
});

async function rule(input: Partial<RuleFormInput> & Pick<RuleFormInput, 'actions'>) {
  const { conditions, ...rest } = input;
  return saveRule(admin, { name: `Rule ${uniqueId()}`, trigger: 'case_opened', ...rest, conditions: { ...conditions, tagsAny: [tag] } });
}

async function agent(name: string, languages: Array<'fi' | 'sv' | 'en'>, capacity: number | null) {
  const staff = await createStaff(db, { name: `${name} ${uniqueId()}` });
  await setAgentRouting(admin, { staffId: staff.id, languages, capacity });
  return staff;
}

async function open(locale: 'fi' | 'sv' | 'en', extra: { orderId?: string; type?: 'question' | 'claim' } = {}) {
  const orderId = extra.orderId ?? (await createOrder(db, locale)).id;
  const kase = await db.transaction((tx) =>
    openCase(tx, { actor: { type: 'system' }, type: extra.type ?? 'question', subject: `Fråga ${uniqueId()}`, customerEmail: `${uniqueId('c')}@example.com`, customerName: 'Sara Lind', locale, orderId, tags: [tag] }),
  );
  return { ...kase, orderId };
}

const caseRow = async (id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!;
const audit = (caseId: string) => db.select({ type: caseEvents.type, data: caseEvents.data }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'automation.applied'))).orderBy(caseEvents.id);

describe('automation rules against the database', () => {
  it('routes a Swedish question case to the Swedish-speaking agent with a free slot, skipping a full one, and names the rule in the timeline', async () => {
    const full = await agent('Full', ['sv'], 1);
    const finn = await agent('Finn', ['fi'], 5);
    const anna = await agent('Anna', ['sv', 'fi'], 2);
    // The full agent already has one open case of their own.
    const busy = await open('sv');
    await db.update(cases).set({ assigneeId: full.id }).where(eq(cases.id, busy.id));
    const r = await rule({ name: 'Swedish to Swedish speakers', conditions: { languages: ['sv'], types: ['question'] }, actions: { assign: 'language' } });

    const kase = await open('sv');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);

    expect((await caseRow(kase.id)).assigneeId).toBe(anna.id);
    expect(await audit(kase.id)).toEqual([{ type: 'automation.applied', data: expect.objectContaining({ ruleId: r.ruleId, ruleName: 'Swedish to Swedish speakers', action: 'assign', to: anna.id, agentName: anna.name }) }]);
    expect(finn.id).not.toBe(anna.id);
    // A Finnish case does not match the Swedish rule.
    const finnish = await open('fi');
    await runSubscriberFor(db, automationRulesSubscriber, finnish.orderId);
    expect((await caseRow(finnish.id)).assigneeId).toBeNull();
  });

  it('leaves the case unassigned and says so when no Swedish speaker has a free slot', async () => {
    const full = await agent('Full', ['sv'], 1);
    const busy = await open('sv');
    await db.update(cases).set({ assigneeId: full.id }).where(eq(cases.id, busy.id));
    await agent('Finn', ['fi'], 5);
    await rule({ name: 'Swedish', conditions: { languages: ['sv'] }, actions: { assign: 'language' } });
    const kase = await open('sv');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    expect((await caseRow(kase.id)).assigneeId).toBeNull();
    expect(await audit(kase.id)).toEqual([{ type: 'automation.applied', data: expect.objectContaining({ action: 'assign', outcome: 'no_agent', locale: 'sv' }) }]);
  });

  it('routes a Swedish case to team Svenska: its Swedish speaker with a free slot, skipping a full member and a free non-member', async () => {
    const full = await agent('Full', ['sv'], 1);
    const finn = await agent('Finn', ['fi'], 5);
    const anna = await agent('Anna', ['sv'], 2);
    // A free Swedish speaker outside the team never gets the team's cases.
    const outsider = await agent('Outsider', ['sv'], 10);
    const busy = await open('sv');
    await db.update(cases).set({ assigneeId: full.id }).where(eq(cases.id, busy.id));
    // Anna has one open case, the outsider none: only team membership makes Anna the choice.
    const annas = await open('sv');
    await db.update(cases).set({ assigneeId: anna.id }).where(eq(cases.id, annas.id));
    const { teamId } = await createTeam(admin, { name: `Svenska ${uniqueId()}` });
    await setTeamMembers(admin, { teamId, staffIds: [full.id, finn.id, anna.id] });
    const r = await rule({ name: 'Swedish to team Svenska', conditions: { languages: ['sv'] }, actions: { assign: 'team', teamId } });

    const kase = await open('sv');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);

    const row = await caseRow(kase.id);
    expect({ teamId: row.teamId, assigneeId: row.assigneeId }).toEqual({ teamId, assigneeId: anna.id });
    expect(outsider.id).not.toBe(anna.id);
    expect(await audit(kase.id)).toEqual([
      { type: 'automation.applied', data: expect.objectContaining({ ruleId: r.ruleId, action: 'assign', teamId, to: anna.id, agentName: anna.name }) },
    ]);
    // The rule now names the team: deleting it is refused until the rule changes.
    await expect(deleteTeam(admin, { teamId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'teamInUse' } });
  });

  it('puts the case in the team unassigned when no member has a free slot, and a "team is" rule then sees it', async () => {
    const full = await agent('Full', ['sv'], 1);
    const busy = await open('sv');
    await db.update(cases).set({ assigneeId: full.id }).where(eq(cases.id, busy.id));
    await agent('Free but not in the team', ['sv'], 5);
    const { teamId } = await createTeam(admin, { name: `Claims ${uniqueId()}` });
    await setTeamMembers(admin, { teamId, staffIds: [full.id] });
    await rule({ name: 'Claims team', actions: { assign: 'team', teamId } });
    await rule({ name: 'Claims are high', trigger: 'case_updated', conditions: { teams: [teamId] }, actions: { priority: 'high' } });

    const kase = await open('sv');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    const row = await caseRow(kase.id);
    expect({ teamId: row.teamId, assigneeId: row.assigneeId }).toEqual({ teamId, assigneeId: null });
    expect(await audit(kase.id)).toEqual([{ type: 'automation.applied', data: expect.objectContaining({ action: 'assign', teamId, outcome: 'no_agent', locale: 'sv' }) }]);

    // A staff edit fires case_updated: the "team is" condition matches the team's case.
    const staff = await createStaff(db);
    await updateCase({ db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, { caseId: kase.id, version: row.version, tags: [tag, 'checked'] });
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    expect((await caseRow(kase.id)).priority).toBe('high');
  });

  it('refuses a rule naming a team that does not exist', async () => {
    await expect(rule({ actions: { assign: 'team', teamId: '00000000-0000-4000-8000-000000000000' } })).rejects.toMatchObject({ code: 'invalid_input', details: { reason: 'teamUnknown' } });
    expect(await db.select().from(automationRules).where(sql`${automationRules.conditions}->'tagsAny' ? ${tag}`)).toEqual([]);
  });

  it('sets the priority, adds a tag and sends the macro in the case language through the outbox', async () => {
    const title = `Tack ${uniqueId()}`;
    await db.insert(macros).values([
      { title, locale: 'sv', body: 'Hej {firstName}! Vi har tagit emot ärende {caseNumber}.' },
      { title, locale: 'fi', body: 'Hei {firstName}!' },
    ]);
    await rule({ name: 'VIP', actions: { priority: 'urgent', addTags: ['vip'], macroTitle: title } });
    const kase = await open('sv');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);

    const row = await caseRow(kase.id);
    expect(row.priority).toBe('urgent');
    expect(row.tags).toEqual([tag, 'vip'].sort());
    const [reply] = await db.select().from(caseMessages).where(and(eq(caseMessages.caseId, kase.id), eq(caseMessages.kind, 'reply')));
    expect(reply?.body).toBe(`Hej Sara! Vi har tagit emot ärende ${kase.number}.`);
    expect(reply?.authorStaffId).toBeNull();
    const [mail] = await db.select().from(outbox).where(and(eq(outbox.caseId, kase.id), eq(outbox.kind, 'email.case_reply')));
    expect(mail?.locale).toBe('sv');
    expect(mail?.payload.text).toContain(`Hej Sara! Vi har tagit emot ärende ${kase.number}.`);
    expect((await audit(kase.id)).map((e) => e.data.action)).toEqual(['priority', 'tag', 'macro']);
  });

  it('does not send a macro whose placeholder it cannot fill, and says why', async () => {
    const title = `Paket ${uniqueId()}`;
    await db.insert(macros).values({ title, locale: 'sv', body: 'Ditt paket: {trackingLink}' });
    await rule({ actions: { macroTitle: title } });
    const kase = await open('sv');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    expect(await db.select().from(caseMessages).where(and(eq(caseMessages.caseId, kase.id), eq(caseMessages.kind, 'reply')))).toEqual([]);
    expect(await audit(kase.id)).toEqual([{ type: 'automation.applied', data: expect.objectContaining({ action: 'macro', outcome: 'needs_agent' }) }]);
  });

  it('resolves a case after N days waiting on the customer, with an audit row, and not before', async () => {
    await rule({ actions: { closeAfterDays: 3 } });
    const kase = await open('fi');
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    expect((await caseRow(kase.id)).autoCloseAfterDays).toBe(3);
    const staff = await createStaff(db);
    await updateCase({ db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, { caseId: kase.id, version: (await caseRow(kase.id)).version, status: 'waiting_customer' });
    const waitingSince = (await caseRow(kase.id)).slaPausedAt!;

    await closeWaitingCases(db, { now: new Date(waitingSince.getTime() + 2 * 86_400_000) });
    expect((await caseRow(kase.id)).status).toBe('waiting_customer');
    await closeWaitingCases(db, { now: new Date(waitingSince.getTime() + 3 * 86_400_000 + 60_000) });
    const row = await caseRow(kase.id);
    expect(row.status).toBe('resolved');
    expect(row.resolvedAt).not.toBeNull();
    const [closed] = await db.select({ data: caseEvents.data }).from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.type, 'automation.auto_closed')));
    expect(closed?.data).toMatchObject({ days: 3, waitedDays: 3 });
    const resolvedEvents = await db.select().from(domainEvents).where(and(eq(domainEvents.caseId, kase.id), eq(domainEvents.audience, 'public'), eq(domainEvents.type, 'case.resolved')));
    expect(resolvedEvents).toHaveLength(1);
  });

  it("a rule's own changes do not trigger rules again (loop guard)", async () => {
    // On every update: raise the priority and tag it. If automation's own update re-triggered it, it would add
    // a second round (and a rule that toggles would loop forever).
    const title = `Update ${uniqueId()}`;
    await db.insert(macros).values({ title, locale: 'en', body: 'Thanks, we updated case {caseNumber}.' });
    await rule({ trigger: 'case_updated', actions: { priority: 'high', addTags: ['touched'], macroTitle: title } });
    const kase = await open('en');
    const staff = await createStaff(db);
    await updateCase({ db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, { caseId: kase.id, version: (await caseRow(kase.id)).version, tags: [tag, 'manual'] });
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    const row = await caseRow(kase.id);
    expect(row.priority).toBe('high');
    expect(row.tags).toEqual([tag, 'manual', 'touched'].sort());
    const sources = await db.select({ data: domainEvents.data }).from(domainEvents).where(and(eq(domainEvents.caseId, kase.id), eq(domainEvents.audience, 'public'), eq(domainEvents.type, 'case.updated')));
    expect(sources.map((s) => s.data.source).sort()).toEqual(['automation', 'staff']);
    expect((await audit(kase.id)).map((e) => e.data.action)).toEqual(['priority', 'tag', 'macro']);
    expect(await db.select().from(caseMessages).where(and(eq(caseMessages.caseId, kase.id), eq(caseMessages.kind, 'reply')))).toHaveLength(1);
  });

  it('two cases evaluated at once never both take an agent’s last slot', async () => {
    const solo = await agent('Solo', ['sv'], 1);
    await rule({ conditions: { languages: ['sv'] }, actions: { assign: 'language' } });
    const a = await open('sv');
    const b = await open('sv');
    // The first evaluation takes the slot and holds its transaction open while the second one runs: without the
    // assignment lock the second would still count the agent's slot as free (the first has not committed).
    let firstRan!: () => void;
    const ran = new Promise<void>((resolve) => (firstRan = resolve));
    const first = db.transaction(async (tx) => {
      await runRulesOnCase(tx, { caseId: a.id, trigger: 'case_opened' });
      firstRan();
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    await ran;
    const second = db.transaction((tx) => runRulesOnCase(tx, { caseId: b.id, trigger: 'case_opened' }));
    await Promise.all([first, second]);
    const rows = await db.select({ assigneeId: cases.assigneeId }).from(cases).where(inArray(cases.id, [a.id, b.id]));
    expect(rows.filter((r) => r.assigneeId === solo.id)).toHaveLength(1);
    expect(rows.filter((r) => r.assigneeId === null)).toHaveLength(1);
  });

  it('runs customer-replied rules on the case the customer answered', async () => {
    await rule({ trigger: 'customer_replied', actions: { priority: 'high' } });
    const kase = await open('fi');
    const { appendCustomerMessage, recordCustomerReply } = await import('@/lib/cases/append-customer-message');
    await db.transaction(async (tx) => {
      const row = await caseRow(kase.id);
      const { messageId } = await appendCustomerMessage(tx, row, 'Hei, missä paketti on?', new Date());
      await recordCustomerReply(tx, row, messageId);
    });
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    expect((await caseRow(kase.id)).priority).toBe('high');
  });

  it('runs delay-detected rules on the late order’s open cases and claim-created rules on the claim’s case', async () => {
    await rule({ trigger: 'delay_detected', actions: { priority: 'urgent' } });
    await rule({ trigger: 'claim_created', actions: { addTags: ['claim-check'] } });
    const kase = await open('fi');
    const closed = await open('fi', { orderId: kase.orderId });
    await db.update(cases).set({ status: 'closed' }).where(eq(cases.id, closed.id));
    const { recordEvent } = await import('@/lib/core/events');
    await db.transaction(async (tx) => {
      await recordEvent(tx, { type: 'delay.detected', actor: { type: 'system' }, data: { incidentId: crypto.randomUUID(), shipmentId: null, orderId: kase.orderId, kind: 'stalled' } });
      await recordEvent(tx, { type: 'claim.created', actor: { type: 'system' }, caseId: kase.id, data: { claimId: crypto.randomUUID(), orderId: kase.orderId, type: 'damaged' } });
    });
    await runSubscriberFor(db, automationRulesSubscriber, kase.orderId);
    const row = await caseRow(kase.id);
    expect(row.priority).toBe('urgent');
    expect(row.tags).toContain('claim-check');
    expect((await caseRow(closed.id)).priority).toBe('normal');
  });

  it('only admins manage rules; a bad rule changes nothing', async () => {
    const agentRow = await createStaff(db);
    const asAgent = { db, actor: { type: 'staff' as const, staffId: agentRow.id, role: 'agent' as const } };
    await expect(saveRule(asAgent, { name: 'x', trigger: 'case_opened', conditions: {}, actions: { priority: 'high' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setAgentRouting(asAgent, { staffId: agentRow.id, languages: ['sv'], capacity: 3 })).rejects.toMatchObject({ code: 'forbidden' });
    const name = `Bad ${uniqueId()}`;
    await expect(saveRule(admin, { name, trigger: 'case_opened', conditions: {}, actions: {} })).rejects.toThrow();
    await expect(saveRule(admin, { name, trigger: 'case_opened', conditions: {}, actions: { assign: 'agent', assigneeId: crypto.randomUUID() } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await db.select().from(automationRules).where(eq(automationRules.name, name))).toEqual([]);
  });
});
