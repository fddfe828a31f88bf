import { describe, expect, it } from 'vitest';
import { type AgentLoad, type CaseFacts, isEmptyPlan, matchRule, pickAgent, pickTeamMember, planActions, type Rule, triggerOf } from './evaluate';
import { ruleActionsSchema, ruleConditionsSchema, ruleFormSchema } from './schemas';

const facts = (extra: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'c1',
  type: 'question',
  status: 'open',
  priority: 'normal',
  locale: 'sv',
  assigneeId: null,
  teamId: null,
  tags: [],
  carrier: 'posti',
  market: 'FI',
  orderValue: 120,
  slaLeftHours: 5,
  autoCloseAfterDays: null,
  ...extra,
});
let n = 0;
const rule = (conditions: Record<string, unknown> = {}, actions: Record<string, unknown> = { priority: 'high' }, extra: Partial<Rule> = {}): Rule => ({
  id: `r${++n}`,
  name: `Rule ${n}`,
  trigger: 'case_opened',
  enabled: true,
  conditions: ruleConditionsSchema.parse(conditions),
  actions: ruleActionsSchema.parse(actions),
  ...extra,
});
const agent = (id: string, extra: Partial<AgentLoad> = {}): AgentLoad => ({ id, name: id, languages: ['sv'], capacity: 3, openAssigned: 0, lastAutoAssignedAt: null, ...extra });

describe('matchRule', () => {
  it('matches everything when the rule sets no condition, and nothing when disabled', () => {
    expect(matchRule(rule(), facts())).toBe(true);
    expect(matchRule({ ...rule(), enabled: false }, facts())).toBe(false);
  });

  it('checks type, language, carrier and market', () => {
    expect(matchRule(rule({ types: ['question', 'claim'] }), facts())).toBe(true);
    expect(matchRule(rule({ types: ['claim'] }), facts())).toBe(false);
    expect(matchRule(rule({ languages: ['sv'] }), facts())).toBe(true);
    expect(matchRule(rule({ languages: ['fi', 'en'] }), facts())).toBe(false);
    expect(matchRule(rule({ carriers: ['posti'] }), facts())).toBe(true);
    expect(matchRule(rule({ carriers: ['dhl'] }), facts())).toBe(false);
    expect(matchRule(rule({ carriers: ['posti'] }), facts({ carrier: null }))).toBe(false);
    expect(matchRule(rule({ markets: 'fi, se' }), facts())).toBe(true);
    expect(matchRule(rule({ markets: ['SE'] }), facts())).toBe(false);
    expect(matchRule(rule({ markets: ['FI'] }), facts({ market: null }))).toBe(false);
  });

  it('checks the order value bounds inclusively; a case without an order never meets a bound', () => {
    expect(matchRule(rule({ orderValueMin: 120 }), facts())).toBe(true);
    expect(matchRule(rule({ orderValueMin: 120.01 }), facts())).toBe(false);
    expect(matchRule(rule({ orderValueMax: 120 }), facts())).toBe(true);
    expect(matchRule(rule({ orderValueMax: 119 }), facts())).toBe(false);
    expect(matchRule(rule({ orderValueMin: 0 }), facts({ orderValue: null }))).toBe(false);
  });

  it('needs one of the tags, and less SLA time left than the bound (a paused clock never matches)', () => {
    expect(matchRule(rule({ tagsAny: ['vip', 'press'] }), facts({ tags: ['press'] }))).toBe(true);
    expect(matchRule(rule({ tagsAny: ['vip'] }), facts({ tags: ['press'] }))).toBe(false);
    expect(matchRule(rule({ slaLeftHoursBelow: 6 }), facts())).toBe(true);
    expect(matchRule(rule({ slaLeftHoursBelow: 5 }), facts())).toBe(false);
    expect(matchRule(rule({ slaLeftHoursBelow: 6 }), facts({ slaLeftHours: -2 }))).toBe(true);
    expect(matchRule(rule({ slaLeftHoursBelow: 6 }), facts({ slaLeftHours: null }))).toBe(false);
  });
});

describe('the "team is" condition', () => {
  const returns = '4c0c3f6e-8a3b-4d7e-9a51-2b6f0e1d7a10';
  const claims = '7d2e9b10-1f4c-4a8b-8e3d-5c6a7b8c9d01';
  it('matches a case in one of the teams, and never a case in no team', () => {
    expect(matchRule(rule({ teams: [returns, claims] }), facts({ teamId: claims }))).toBe(true);
    expect(matchRule(rule({ teams: [returns] }), facts({ teamId: claims }))).toBe(false);
    expect(matchRule(rule({ teams: [returns] }), facts({ teamId: null }))).toBe(false);
    expect(matchRule(rule(), facts({ teamId: claims }))).toBe(true);
  });
});

describe('planActions', () => {
  it('takes the first matching rule for single-valued actions and adds up tags and macros', () => {
    const rules = [
      rule({ languages: ['fi'] }, { priority: 'low' }),
      rule({ languages: ['sv'] }, { assign: 'language', priority: 'high', addTags: 'swedish', macroTitle: 'Hello' }),
      rule({}, { priority: 'urgent', addTags: ['swedish', 'new'], macroTitle: 'Hello', closeAfterDays: 5 }),
    ];
    const plan = planActions(rules, facts());
    expect(plan.assign).toMatchObject({ ruleId: rules[1]!.id, mode: 'language' });
    expect(plan.priority).toMatchObject({ ruleId: rules[1]!.id, to: 'high' });
    expect(plan.tags).toEqual([
      { ruleId: rules[1]!.id, ruleName: rules[1]!.name, tags: ['swedish'] },
      { ruleId: rules[2]!.id, ruleName: rules[2]!.name, tags: ['new'] },
    ]);
    expect(plan.macros).toHaveLength(1);
    expect(plan.closeAfterDays).toMatchObject({ ruleId: rules[2]!.id, days: 5 });
  });

  it('leaves out what is already so: an assigned case, the same priority, tags it has', () => {
    const plan = planActions([rule({}, { assign: 'language', priority: 'normal', addTags: ['vip'] })], facts({ assigneeId: 'someone', tags: ['vip'] }));
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('does nothing to a resolved or closed case', () => {
    expect(isEmptyPlan(planActions([rule({}, { priority: 'urgent' })], facts({ status: 'resolved' })))).toBe(true);
    expect(isEmptyPlan(planActions([rule({}, { priority: 'urgent' })], facts({ status: 'closed' })))).toBe(true);
  });

  it('assigns a named agent', () => {
    const id = '0b9f7c1e-3c1a-4c44-9a0e-1f2a3b4c5d6e';
    expect(planActions([rule({}, { assign: 'agent', assigneeId: id })], facts()).assign).toMatchObject({ mode: 'agent', assigneeId: id });
  });
});

describe('assign to a team', () => {
  const team = '4c0c3f6e-8a3b-4d7e-9a51-2b6f0e1d7a10';
  it('plans the team for an unassigned case, and nothing for an assigned one', () => {
    expect(planActions([rule({}, { assign: 'team', teamId: team })], facts()).assign).toMatchObject({ mode: 'team', teamId: team });
    expect(planActions([rule({}, { assign: 'team', teamId: team })], facts({ assigneeId: 'someone' })).assign).toBeNull();
  });

  it('picks among the members only: a Swedish speaker with a free slot, skipping a full one and a non-member', () => {
    const agents = [agent('outsider', { openAssigned: 0 }), agent('full', { openAssigned: 3 }), agent('finn', { languages: ['fi'] }), agent('anna', { openAssigned: 2 })];
    expect(pickTeamMember(agents, ['full', 'finn', 'anna'], 'sv')?.id).toBe('anna');
    expect(pickTeamMember(agents, ['full', 'finn'], 'sv')).toBeNull();
    expect(pickTeamMember(agents, [], 'sv')).toBeNull();
  });
});

describe('pickAgent', () => {
  it('picks a speaker of the language with a free slot, fewest open cases first', () => {
    const agents = [agent('a', { openAssigned: 2 }), agent('b', { openAssigned: 1 }), agent('c', { languages: ['fi'], openAssigned: 0 })];
    expect(pickAgent(agents, 'sv')?.id).toBe('b');
  });

  it('skips a full agent and one without a capacity; nobody left is null', () => {
    expect(pickAgent([agent('full', { openAssigned: 3 }), agent('free', { openAssigned: 2 })], 'sv')?.id).toBe('free');
    expect(pickAgent([agent('full', { openAssigned: 3 }), agent('none', { capacity: null })], 'sv')).toBeNull();
    expect(pickAgent([agent('zero', { capacity: 0 })], 'sv')).toBeNull();
  });

  it('breaks ties by the longest since the last automatic assignment (never assigned first)', () => {
    const agents = [agent('recent', { lastAutoAssignedAt: new Date('2026-12-06T10:00:00Z') }), agent('earlier', { lastAutoAssignedAt: new Date('2026-12-06T08:00:00Z') })];
    expect(pickAgent(agents, 'sv')?.id).toBe('earlier');
    expect(pickAgent([...agents, agent('never')], 'sv')?.id).toBe('never');
  });
});

describe('triggerOf', () => {
  it('maps events to triggers and ignores the updates automation made itself (loop guard)', () => {
    expect(triggerOf('case.opened', {})).toBe('case_opened');
    expect(triggerOf('case.updated', { source: 'staff' })).toBe('case_updated');
    expect(triggerOf('case.updated', { source: 'automation' })).toBeNull();
    expect(triggerOf('case.customer_replied', {})).toBe('customer_replied');
    expect(triggerOf('claim.created', {})).toBe('claim_created');
    expect(triggerOf('delay.detected', {})).toBe('delay_detected');
    expect(triggerOf('refund.requested', {})).toBeNull();
  });
});

describe('ruleFormSchema', () => {
  const base = { name: 'Swedish to Swedish speakers', trigger: 'case_opened', conditions: { languages: ['sv'] }, actions: { assign: 'language' } };
  const issues = (input: unknown) => {
    const r = ruleFormSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.filter((p) => typeof p === 'string').join('.')}:${i.message}`);
  };

  it('accepts a valid rule and normalizes typed lists', () => {
    const r = ruleFormSchema.parse({ ...base, conditions: { markets: ' se,fi ', tagsAny: 'VIP, press' }, actions: { addTags: 'Swedish', assign: 'language' } });
    expect(r.conditions.markets).toEqual(['SE', 'FI']);
    expect(r.conditions.tagsAny).toEqual(['vip', 'press']);
    expect(r.actions.addTags).toEqual(['swedish']);
  });

  it('names each bad field with a catalog key', () => {
    expect(issues({ ...base, name: ' ' })).toContain('name:nameRequired');
    expect(issues({ ...base, actions: {} })).toContain('actions:noAction');
    expect(issues({ ...base, actions: { assign: 'agent' } })).toContain('actions.assigneeId:assigneeRequired');
    expect(issues({ ...base, actions: { assign: 'team' } })).toContain('actions.teamId:teamRequired');
    expect(issues({ ...base, conditions: { teams: ['not-a-team'] } })).toContain('conditions.teams:invalid');
    expect(issues({ ...base, conditions: { orderValueMin: 50, orderValueMax: 10 } })).toContain('conditions.orderValueMax:amountRange');
    expect(issues({ ...base, conditions: { markets: 'Finland' } })).toContain('conditions.markets:marketInvalid');
    expect(issues({ ...base, actions: { closeAfterDays: 0 } })).toContain('actions.closeAfterDays:daysInvalid');
    expect(issues({ ...base, actions: { addTags: 'no spaces!' } })).toContain('actions.addTags:tagInvalid');
  });
});
