import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, varchar, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { staffUsers } from './staff';

/**
 * Automation rules (issue #17, lib/automation): when `trigger` happens to a case and every condition holds,
 * the actions run, in `position` order (the first rule that assigns wins the assignment). `conditions` and
 * `actions` are validated by lib/automation/schemas.ts on every write and read.
 */
export const automationRules = pgTable(
  'automation_rules',
  {
    id: id(),
    name: varchar({ length: 120 }).notNull(),
    trigger: varchar({ length: 40 }).notNull(),
    conditions: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    position: integer().notNull(),
    enabled: boolean().notNull().default(true),
    createdByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('automation_rules_trigger_idx').on(t.trigger, t.position).where(sql`${t.enabled}`),
    check('automation_rules_trigger_known', sql`${t.trigger} in ('case_opened', 'case_updated', 'customer_replied', 'claim_created', 'delay_detected')`),
  ],
);

export type AutomationRuleRow = typeof automationRules.$inferSelect;
