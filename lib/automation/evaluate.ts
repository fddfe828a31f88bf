/**
 * The pure half of automation rules (issue #17): which rules match a case's facts, what they plan to do, and
 * which agent language-aware routing picks. No database here: lib/automation/run-rules.ts loads the facts and
 * applies the plan in one transaction.
 */
import { type CarrierId, type CasePriority, type CaseStatus, type CaseType, OPEN_CASE_STATUSES } from '@/lib/core/enums';
import type { Locale } from '@/lib/core/locales';
import type { AutomationTrigger, RuleActions, RuleConditions } from './schemas';

export type CaseFacts = {
  caseId: string;
  type: CaseType;
  status: CaseStatus;
  priority: CasePriority;
  locale: Locale;
  assigneeId: string | null;
  teamId: string | null;
  tags: readonly string[];
  /** The case's parcel, else the order's first outbound parcel. */
  carrier: CarrierId | null;
  market: string | null;
  /** The order's captured amount in whole currency units. */
  orderValue: number | null;
  /** Hours left on the running SLA clock; null while paused or done. */
  slaLeftHours: number | null;
  autoCloseAfterDays: number | null;
};

export type Rule = { id: string; name: string; trigger: AutomationTrigger; enabled: boolean; conditions: RuleConditions; actions: RuleActions };

/** Every condition set on the rule holds (an empty list or null bound is no condition). */
export function matchRule(rule: Pick<Rule, 'enabled' | 'conditions'>, facts: CaseFacts): boolean {
  if (!rule.enabled) return false;
  const c = rule.conditions;
  if (c.types.length > 0 && !c.types.includes(facts.type)) return false;
  if (c.languages.length > 0 && !c.languages.includes(facts.locale)) return false;
  if (c.carriers.length > 0 && (facts.carrier === null || !c.carriers.includes(facts.carrier))) return false;
  if (c.markets.length > 0 && (facts.market === null || !c.markets.includes(facts.market.toUpperCase()))) return false;
  if (c.orderValueMin !== null && (facts.orderValue === null || facts.orderValue < c.orderValueMin)) return false;
  if (c.orderValueMax !== null && (facts.orderValue === null || facts.orderValue > c.orderValueMax)) return false;
  if (c.tagsAny.length > 0 && !c.tagsAny.some((tag) => facts.tags.includes(tag))) return false;
  if (c.slaLeftHoursBelow !== null && (facts.slaLeftHours === null || facts.slaLeftHours >= c.slaLeftHoursBelow)) return false;
  if (c.teams.length > 0 && (facts.teamId === null || !c.teams.includes(facts.teamId))) return false;
  return true;
}

type By = { ruleId: string; ruleName: string };
export type ActionPlan = {
  assign: (By & { mode: 'language' } | By & { mode: 'agent'; assigneeId: string } | By & { mode: 'team'; teamId: string }) | null;
  priority: (By & { to: CasePriority }) | null;
  tags: Array<By & { tags: string[] }>;
  macros: Array<By & { title: string }>;
  closeAfterDays: (By & { days: number }) | null;
};

/**
 * What the matching rules (in their order) do to the case. Rules earlier in the list win a single-valued
 * action (assignee, priority, close-after); tags and macros add up. A step that changes nothing is left out:
 * an assigned case is never reassigned (rules route new work, they do not take cases from people), a
 * priority or tag already there is not set again, and a resolved or closed case gets nothing at all.
 */
export function planActions(rules: readonly Rule[], facts: CaseFacts): ActionPlan {
  const plan: ActionPlan = { assign: null, priority: null, tags: [], macros: [], closeAfterDays: null };
  if (!OPEN_CASE_STATUSES.includes(facts.status)) return plan;
  const tagsSoFar = new Set(facts.tags);
  const macrosSoFar = new Set<string>();
  for (const rule of rules) {
    if (!matchRule(rule, facts)) continue;
    const by = { ruleId: rule.id, ruleName: rule.name };
    const a = rule.actions;
    if (!plan.assign && facts.assigneeId === null) {
      if (a.assign === 'language') plan.assign = { ...by, mode: 'language' };
      else if (a.assign === 'agent' && a.assigneeId) plan.assign = { ...by, mode: 'agent', assigneeId: a.assigneeId };
      else if (a.assign === 'team' && a.teamId) plan.assign = { ...by, mode: 'team', teamId: a.teamId };
    }
    if (!plan.priority && a.priority && a.priority !== facts.priority) plan.priority = { ...by, to: a.priority };
    const fresh = a.addTags.filter((t) => !tagsSoFar.has(t));
    if (fresh.length > 0) {
      fresh.forEach((t) => tagsSoFar.add(t));
      plan.tags.push({ ...by, tags: fresh });
    }
    if (a.macroTitle && !macrosSoFar.has(a.macroTitle)) {
      macrosSoFar.add(a.macroTitle);
      plan.macros.push({ ...by, title: a.macroTitle });
    }
    if (!plan.closeAfterDays && a.closeAfterDays !== null && a.closeAfterDays !== facts.autoCloseAfterDays) plan.closeAfterDays = { ...by, days: a.closeAfterDays };
  }
  return plan;
}

export function isEmptyPlan(plan: ActionPlan): boolean {
  return !plan.assign && !plan.priority && plan.tags.length === 0 && plan.macros.length === 0 && !plan.closeAfterDays;
}

export type AgentLoad = { id: string; name: string; languages: readonly Locale[]; capacity: number | null; openAssigned: number; lastAutoAssignedAt: Date | null };

/**
 * Language-aware routing: an agent who speaks the case's language and has a free slot (fewer open assigned
 * cases than their capacity; no capacity set means automation never assigns them). Fewest open cases first;
 * ties go to the one who got an automatic assignment longest ago (never first), then by id for a stable order.
 */
export function pickAgent(agents: readonly AgentLoad[], locale: Locale): AgentLoad | null {
  const eligible = agents.filter((a) => a.languages.includes(locale) && a.capacity !== null && a.openAssigned < a.capacity);
  eligible.sort((x, y) => x.openAssigned - y.openAssigned || idleRank(x) - idleRank(y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return eligible[0] ?? null;
}

/**
 * Team routing: the same choice as pickAgent among the team's members only (a member who does not speak the
 * case's language, or has no free slot, is passed over; nobody left means the case waits in the team's queue).
 */
export function pickTeamMember(agents: readonly AgentLoad[], memberIds: readonly string[], locale: Locale): AgentLoad | null {
  const members = new Set(memberIds);
  return pickAgent(
    agents.filter((a) => members.has(a.id)),
    locale,
  );
}

function idleRank(a: AgentLoad): number {
  return a.lastAutoAssignedAt ? a.lastAutoAssignedAt.getTime() : Number.NEGATIVE_INFINITY;
}

/** The triggers each domain event means (`case.updated` written by automation itself is ignored: loop guard). */
export function triggerOf(type: string, data: Record<string, unknown>): AutomationTrigger | null {
  switch (type) {
    case 'case.opened':
      return 'case_opened';
    case 'case.updated':
      return data.source === 'automation' ? null : 'case_updated';
    case 'case.customer_replied':
      return 'customer_replied';
    case 'claim.created':
      return 'claim_created';
    case 'delay.detected':
      return 'delay_detected';
    default:
      return null;
  }
}
