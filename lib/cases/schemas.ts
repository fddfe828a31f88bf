import { z } from 'zod';
import { CASE_PRIORITIES, CASE_STATUSES, CASE_TYPES } from '@/lib/core/enums';

export const caseTypes = CASE_TYPES;
export const caseStatuses = CASE_STATUSES;
export const casePriorities = CASE_PRIORITIES;
export const queueViews = ['mine', 'myTeams', 'unassigned', 'breaching', 'waiting', 'open', 'closed'] as const;
export type QueueView = (typeof queueViews)[number];

const tag = z.string().trim().toLowerCase().min(1).max(40).regex(/^[\p{L}\p{N}_-]+$/u);

/** The queue's URL state: one view, optional filters, a search and a keyset cursor. */
export const queueQuerySchema = z.object({
  view: z.enum(queueViews).catch('open'),
  type: z.enum(caseTypes).optional().catch(undefined),
  status: z.enum(caseStatuses).optional().catch(undefined),
  priority: z.enum(casePriorities).optional().catch(undefined),
  carrier: z.string().max(30).regex(/^[a-z]+$/).optional().catch(undefined),
  language: z.enum(['fi', 'sv', 'en', 'da', 'nb']).optional().catch(undefined),
  tag: tag.optional().catch(undefined),
  assignee: z.uuid().optional().catch(undefined),
  team: z.uuid().optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const caseIdSchema = z.uuid();

/** `resolve`: "Send and resolve" — the reply and the resolution in one transaction. */
export const replySchema = z.object({
  caseId: z.uuid(),
  body: z.string().trim().min(1).max(10_000),
  resolve: z.boolean().optional(),
  /** Collision detection: the newest message the agent had seen when they started writing (null: none yet). */
  lastSeenMessageId: z.uuid().nullable().optional(),
});
export const noteSchema = z.object({ caseId: z.uuid(), body: z.string().trim().min(1).max(10_000) });

/** A staff edit of the case's fields, against the version the agent saw. */
export const updateCaseSchema = z.object({
  caseId: z.uuid(),
  version: z.number().int().positive(),
  status: z.enum(caseStatuses).optional(),
  priority: z.enum(casePriorities).optional(),
  tags: z.array(tag).max(20).optional(),
  /**
   * What the agent's form started from. With it a save changes only what this agent changed
   * (tags merged: the other agent's tags stay), and a conflict names each field that someone else changed.
   */
  seen: z
    .object({ status: z.enum(caseStatuses), priority: z.enum(casePriorities), tags: z.array(tag).max(20), assigneeId: z.uuid().nullable() })
    .optional(),
});
export type UpdateCaseInput = z.infer<typeof updateCaseSchema>;

export const assignSchema = z.object({
  caseId: z.uuid(),
  version: z.number().int().positive(),
  assigneeId: z.uuid().nullable(),
  reason: z.string().trim().max(500).optional(),
});

export const bulkSchema = z.object({
  caseIds: z.array(z.uuid()).min(1).max(200),
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('assign'), assigneeId: z.uuid().nullable() }),
    z.object({ kind: z.literal('tag'), tag }),
    z.object({ kind: z.literal('close') }),
  ]),
});
export type BulkInput = z.infer<typeof bulkSchema>;

export const customerMessageSchema = z.object({ token: z.string().min(10).max(500), body: z.string().trim().min(1).max(5_000) });
