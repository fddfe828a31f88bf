import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { automationRules, type Case, domainEvents, cases, macros, orders, shipments, staffUsers, teams } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { type CarrierId, OPEN_CASE_STATUSES } from '@/lib/core/enums';
import { isAuditRow, recordEvent } from '@/lib/core/events';
import { assignableStaff } from '@/lib/cases/assignable-staff';
import { expandMacro } from '@/lib/cases/macro-parcel';
import { storeAndSendReply } from '@/lib/cases/reply-to-case';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import { getRawSetting, getSlaConfig } from '@/lib/sla/config';
import { slaClock } from '@/lib/sla/sla';
import { teamMemberIds } from '@/lib/teams/queries';
import { type ActionPlan, type AgentLoad, type CaseFacts, isEmptyPlan, pickAgent, pickTeamMember, planActions, type Rule } from './evaluate';
import { type AutomationTrigger, ruleActionsSchema, ruleConditionsSchema } from './schemas';

/** Who rules act as in the audit trail and the event log. */
const SYSTEM: Actor = { type: 'system' };
/** Serializes language-aware assignment: two cases opened at once never both take an agent's last slot. */
const ASSIGN_LOCK = sql`pg_advisory_xact_lock(hashtext('paluu.automation.assign'))`;

/** The enabled rules for a trigger, in order; a stored rule that no longer parses is skipped (never half-applied). */
async function rulesFor(db: DbOrTx, trigger: AutomationTrigger): Promise<Rule[]> {
  const rows = await db
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.trigger, trigger), eq(automationRules.enabled, true)))
    .orderBy(asc(automationRules.position), asc(automationRules.createdAt));
  const out: Rule[] = [];
  for (const row of rows) {
    const conditions = ruleConditionsSchema.safeParse(row.conditions);
    const actions = ruleActionsSchema.safeParse(row.actions);
    if (conditions.success && actions.success) out.push({ id: row.id, name: row.name, trigger, enabled: row.enabled, conditions: conditions.data, actions: actions.data });
  }
  return out;
}

/** What the rules look at, from the case, its order and its parcel. */
async function caseFacts(tx: DbOrTx, row: Case, now: Date): Promise<CaseFacts> {
  const [order] = row.orderId ? await tx.select({ market: orders.market, capturedAmount: orders.capturedAmount }).from(orders).where(eq(orders.id, row.orderId)) : [];
  let carrier: CarrierId | null | undefined = null;
  if (row.shipmentId) [carrier] = (await tx.select({ carrier: shipments.carrier }).from(shipments).where(eq(shipments.id, row.shipmentId))).map((s) => s.carrier);
  else if (row.orderId)
    [carrier] = (await tx.select({ carrier: shipments.carrier }).from(shipments).where(and(eq(shipments.orderId, row.orderId), eq(shipments.direction, 'outbound'))).orderBy(asc(shipments.createdAt)).limit(1)).map((s) => s.carrier);
  const config = await getSlaConfig(tx);
  const clock = slaClock(row, config.settings, config.calendar, now);
  return {
    caseId: row.id,
    type: row.type,
    status: row.status,
    priority: row.priority,
    locale: row.locale,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    tags: row.tags,
    carrier: carrier ?? null,
    market: order?.market ?? null,
    orderValue: order ? order.capturedAmount / 100 : null,
    slaLeftHours: clock.remainingSeconds === null ? null : clock.remainingSeconds / 3600,
    autoCloseAfterDays: row.autoCloseAfterDays,
  };
}

export type RunOutcome = { matched: boolean; applied: string[] };

/**
 * Runs the trigger's rules on one case inside the caller's transaction (the subscriber's): the case row is
 * locked, the plan applied, and every step audited as `automation.applied` naming the rule, so the timeline
 * reads "Rule 'Swedish to Swedish speakers' assigned to Anna". Changes are announced as `case.updated` with
 * `source: 'automation'`, which no rule reacts to (a rule's own actions never trigger rules: no loops).
 */
export async function runRulesOnCase(tx: Tx, input: { caseId: string; trigger: AutomationTrigger; eventId?: string | null; now?: Date }): Promise<RunOutcome> {
  const now = input.now ?? new Date();
  const eventId = input.eventId ?? null;
  const rules = await rulesFor(tx, input.trigger);
  if (rules.length === 0) return { matched: false, applied: [] };
  const [row] = await tx.select().from(cases).where(eq(cases.id, input.caseId)).for('update');
  if (!row) return { matched: false, applied: [] };
  // Idempotent by event id: an event replayed (a subscriber's cursor reset) finds its audit rows and does nothing.
  if (eventId) {
    const [done] = await tx
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(and(eq(domainEvents.caseId, row.id), isAuditRow(), eq(domainEvents.type, 'automation.applied'), sql`${domainEvents.data}->>'eventId' = ${eventId}`))
      .limit(1);
    if (done) return { matched: false, applied: [] };
  }
  const plan = planActions(rules, await caseFacts(tx, row, now));
  if (isEmptyPlan(plan)) return { matched: false, applied: [] };
  return { matched: true, applied: await applyPlan(tx, row, plan, now, eventId) };
}

async function applyPlan(tx: Tx, row: Case, plan: ActionPlan, now: Date, eventId: string | null): Promise<string[]> {
  const applied: string[] = [];
  const patch: Partial<typeof cases.$inferInsert> = {};
  const audit = (data: Record<string, unknown>) => recordEvent(tx, { actor: SYSTEM, type: 'automation.applied', caseId: row.id, orderId: row.orderId, data: { ...data, eventId } });

  if (plan.assign?.mode === 'team') {
    const by = { ruleId: plan.assign.ruleId, ruleName: plan.assign.ruleName };
    const [team] = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, plan.assign.teamId));
    if (!team) {
      // Deleting a team is refused while a rule names it; a rule stored before that check still changes nothing.
      await audit({ ...by, action: 'assign', outcome: 'no_team' });
      applied.push('assign:none');
    } else {
      // The case joins the team's queue whether or not a member is free: the team picks it up there.
      if (row.teamId !== team.id) patch.teamId = team.id;
      const agent = await chooseAssignee(tx, { teamId: team.id, locale: row.locale });
      if (agent) {
        patch.assigneeId = agent.id;
        await tx.update(staffUsers).set({ lastAutoAssignedAt: now }).where(eq(staffUsers.id, agent.id));
        await audit({ ...by, action: 'assign', teamId: team.id, teamName: team.name, to: agent.id, agentName: agent.name });
        applied.push('assign');
      } else {
        await audit({ ...by, action: 'assign', teamId: team.id, teamName: team.name, outcome: 'no_agent', locale: row.locale });
        applied.push('assign:none');
      }
      if (patch.teamId) applied.push('team');
    }
  } else if (plan.assign) {
    const by = { ruleId: plan.assign.ruleId, ruleName: plan.assign.ruleName };
    const agent = await chooseAssignee(tx, plan.assign.mode === 'agent' ? { agentId: plan.assign.assigneeId } : { locale: row.locale });
    if (agent) {
      patch.assigneeId = agent.id;
      await tx.update(staffUsers).set({ lastAutoAssignedAt: now }).where(eq(staffUsers.id, agent.id));
      await audit({ ...by, action: 'assign', to: agent.id, agentName: agent.name });
      applied.push('assign');
    } else {
      await audit({ ...by, action: 'assign', outcome: 'no_agent', locale: row.locale });
      applied.push('assign:none');
    }
  }
  if (plan.priority) {
    patch.priority = plan.priority.to;
    await audit({ ruleId: plan.priority.ruleId, ruleName: plan.priority.ruleName, action: 'priority', from: row.priority, to: plan.priority.to });
    applied.push('priority');
  }
  if (plan.tags.length > 0) {
    const tags = [...row.tags];
    for (const step of plan.tags) {
      tags.push(...step.tags);
      await audit({ ruleId: step.ruleId, ruleName: step.ruleName, action: 'tag', tags: step.tags });
    }
    patch.tags = [...new Set(tags)].sort();
    applied.push('tag');
  }
  if (plan.closeAfterDays) {
    patch.autoCloseAfterDays = plan.closeAfterDays.days;
    await audit({ ruleId: plan.closeAfterDays.ruleId, ruleName: plan.closeAfterDays.ruleName, action: 'close_after', days: plan.closeAfterDays.days });
    applied.push('close_after');
  }
  for (const step of plan.macros) {
    const by = { ruleId: step.ruleId, ruleName: step.ruleName, action: 'macro', title: step.title };
    const [macro] = await tx.select({ body: macros.body }).from(macros).where(and(eq(macros.title, step.title), eq(macros.locale, row.locale))).limit(1);
    if (!macro) {
      await audit({ ...by, outcome: 'no_macro', locale: row.locale });
      continue;
    }
    const text = await macroText(tx, row, macro.body);
    if (text === null) {
      // A placeholder only an agent can fill (which parcel, a refund amount): nothing half-filled reaches the customer.
      await audit({ ...by, outcome: 'needs_agent' });
      continue;
    }
    const sent = await storeAndSendReply(tx, row, { body: text, authorStaffId: null, secret: await readAppSecret(tx), now });
    patch.lastMessageAt = now;
    await audit({ ...by, messageId: sent.messageId, outboxId: sent.outboxId });
    applied.push('macro');
  }
  if (Object.keys(patch).length === 0) return applied;
  await tx
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: now })
    .where(eq(cases.id, row.id));
  await recordEvent(tx, { type: 'case.updated', actor: SYSTEM, caseId: row.id, data: { caseId: row.id, orderId: row.orderId, source: 'automation', changed: Object.keys(patch) } });
  return applied;
}

/**
 * The agent for an assignment, under the assignment lock (held to the end of the transaction, so the slot
 * taken here is counted by the next evaluation). A named agent must still be active (and, with a capacity
 * set, have a free slot); language-aware picks by pickAgent, among a team's members by pickTeamMember.
 */
async function chooseAssignee(tx: Tx, target: { agentId: string } | { locale: Case['locale']; teamId?: string }): Promise<{ id: string; name: string } | null> {
  await tx.execute(sql`select ${ASSIGN_LOCK}`);
  const agents = await agentLoads(tx, 'agentId' in target ? target.agentId : null);
  if ('agentId' in target) {
    const agent = agents[0];
    return agent && (agent.capacity === null || agent.openAssigned < agent.capacity) ? agent : null;
  }
  if (target.teamId) return pickTeamMember(agents, await teamMemberIds(tx, target.teamId), target.locale);
  return pickAgent(agents, target.locale);
}

/** Active, available, assignable staff with their open assigned case counts. */
export async function agentLoads(db: DbOrTx, onlyId: string | null = null): Promise<AgentLoad[]> {
  const open = db
    .select({ assigneeId: cases.assigneeId, n: count().as('n') })
    .from(cases)
    .where(inArray(cases.status, [...OPEN_CASE_STATUSES]))
    .groupBy(cases.assigneeId)
    .as('open');
  const rows = await db
    .select({ id: staffUsers.id, name: staffUsers.name, languages: staffUsers.languages, capacity: staffUsers.capacity, lastAutoAssignedAt: staffUsers.lastAutoAssignedAt, open: open.n })
    .from(staffUsers)
    .leftJoin(open, eq(open.assigneeId, staffUsers.id))
    .where(and(eq(staffUsers.isAvailable, true), isNull(staffUsers.disabledAt), assignableStaff(), onlyId ? eq(staffUsers.id, onlyId) : undefined));
  return rows.map((r) => ({ id: r.id, name: r.name, languages: r.languages, capacity: r.capacity, lastAutoAssignedAt: r.lastAutoAssignedAt, openAssigned: Number(r.open ?? 0) }));
}

/** The macro filled with what a rule knows for sure; null when a placeholder would stay unfilled. */
async function macroText(tx: Tx, row: Case, body: string): Promise<string | null> {
  const [order] = row.orderId ? await tx.select({ orderNumber: orders.orderNumber, customerName: orders.customerName }).from(orders).where(eq(orders.id, row.orderId)) : [];
  const shop = ((await getRawSetting(tx, 'shop')) ?? {}) as { name?: string };
  const vars: Record<string, string> = {
    firstName: (row.customerName ?? order?.customerName ?? '').split(' ')[0] ?? '',
    orderNumber: order?.orderNumber ?? '',
    caseNumber: String(row.number),
    shop: shop.name ?? '',
  };
  const expanded = expandMacro(body, vars, { kind: 'none' });
  if (expanded.kind !== 'text' || /\{\w+\}/.test(expanded.text)) return null;
  return expanded.text;
}
