import { z } from 'zod';
import { CARRIER_IDS, CASE_PRIORITIES, CASE_TYPES } from '@/lib/core/enums';
import { locales } from '@/lib/core/locales';

/**
 * The one schema of an automation rule (issue #17): the admin form validates with it in the browser, the use
 * case parses with it on the server, and the evaluator parses stored rows with it (a row that no longer parses is
 * skipped, never half-applied). Messages are catalog keys under `automation.errors`.
 */
export const AUTOMATION_TRIGGERS = ['case_opened', 'case_updated', 'customer_replied', 'claim_created', 'delay_detected'] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];

export const ASSIGN_MODES = ['none', 'language', 'agent', 'team'] as const;

const TAG = /^[\p{L}\p{N}_-]{1,40}$/u;
/** A list typed as "a, b c" in the form or stored as an array: always an array out. */
function listOf(item: z.ZodType<string, string>, max: number, message: string) {
  return z
    .union([z.array(z.string()), z.string()])
    .transform((v) => [...new Set((Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(item, message).max(max, message));
}
const tagList = listOf(z.string().trim().toLowerCase().regex(TAG, 'tagInvalid'), 20, 'tagInvalid');
const marketList = listOf(
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'marketInvalid'),
  30,
  'marketInvalid',
);
const optionalNumber = (min: number, max: number, message: string, int = false) => {
  let n = z.number(message).min(min, message).max(max, message);
  if (int) n = n.int(message);
  return z.preprocess((v) => (v === '' || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v), n.nullable());
};

export const ruleConditionsSchema = z.object({
  types: z.array(z.enum(CASE_TYPES, 'invalid')).default([]),
  languages: z.array(z.enum(locales, 'invalid')).default([]),
  carriers: z.array(z.enum(CARRIER_IDS, 'invalid')).default([]),
  markets: marketList.default([]),
  /** The order's captured amount in whole currency units (the order's own currency). */
  orderValueMin: optionalNumber(0, 10_000_000, 'amountInvalid').default(null),
  orderValueMax: optionalNumber(0, 10_000_000, 'amountInvalid').default(null),
  /** The case has at least one of these tags. */
  tagsAny: tagList.default([]),
  /** Less than this many hours left on the running SLA clock (a paused or finished clock never matches). */
  slaLeftHoursBelow: optionalNumber(0, 10_000, 'hoursInvalid').default(null),
  /** The case is in one of these teams (lib/teams). */
  teams: z
    // One team to tick in the form sends its id, or false when unticked: always a list out.
    .preprocess((v) => (v === false || v === null ? [] : typeof v === 'string' ? [v] : v), z.array(z.uuid('invalid'), 'invalid').max(100, 'invalid'))
    .default([]),
});
export type RuleConditions = z.output<typeof ruleConditionsSchema>;

export const ruleActionsSchema = z
  .object({
    assign: z.enum(ASSIGN_MODES, 'invalid').default('none'),
    assigneeId: z.preprocess((v) => (v === '' ? null : v), z.uuid('assigneeRequired').nullable()).default(null),
    /** `assign: 'team'`: the team the case moves to, and whose members with a free slot may get it. */
    teamId: z.preprocess((v) => (v === '' ? null : v), z.uuid('teamRequired').nullable()).default(null),
    priority: z.preprocess((v) => (v === '' ? null : v), z.enum(CASE_PRIORITIES, 'invalid').nullable()).default(null),
    addTags: tagList.default([]),
    /** A macro by title: the version in the case's language is sent. */
    macroTitle: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(200, 'invalid').nullable()).default(null),
    closeAfterDays: optionalNumber(1, 365, 'daysInvalid', true).default(null),
  })
  .refine((a) => a.assign !== 'agent' || a.assigneeId !== null, { path: ['assigneeId'], message: 'assigneeRequired' })
  .refine((a) => a.assign !== 'team' || a.teamId !== null, { path: ['teamId'], message: 'teamRequired' });
export type RuleActions = z.output<typeof ruleActionsSchema>;

export const ruleFormSchema = z
  .object({
    name: z.string().trim().min(1, 'nameRequired').max(120, 'nameTooLong'),
    trigger: z.enum(AUTOMATION_TRIGGERS, 'invalid'),
    enabled: z.boolean().default(true),
    conditions: ruleConditionsSchema,
    actions: ruleActionsSchema,
  })
  .refine((r) => r.conditions.orderValueMin === null || r.conditions.orderValueMax === null || r.conditions.orderValueMin <= r.conditions.orderValueMax, {
    path: ['conditions', 'orderValueMax'],
    message: 'amountRange',
  })
  .refine(
    (r) => r.actions.assign !== 'none' || r.actions.priority !== null || r.actions.addTags.length > 0 || r.actions.macroTitle !== null || r.actions.closeAfterDays !== null,
    { path: ['actions'], message: 'noAction' },
  );
export type RuleForm = z.output<typeof ruleFormSchema>;
export type RuleFormInput = z.input<typeof ruleFormSchema>;

export const ruleIdSchema = z.object({ ruleId: z.uuid('invalid') });
export const moveRuleSchema = z.object({ ruleId: z.uuid('invalid'), direction: z.enum(['up', 'down'], 'invalid') });
export const toggleRuleSchema = z.object({ ruleId: z.uuid('invalid'), enabled: z.boolean('invalid') });

/** Settings → Staff: what automation may give an agent. */
export const agentRoutingSchema = z.object({
  staffId: z.uuid('invalid'),
  languages: z.array(z.enum(locales, 'invalid')).max(locales.length, 'invalid'),
  capacity: optionalNumber(0, 1000, 'capacityInvalid', true),
});
export type AgentRoutingInput = z.input<typeof agentRoutingSchema>;
