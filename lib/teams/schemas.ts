import { z } from 'zod';

/**
 * Teams of the staff desk (issue #17): one schema per form and action; messages are catalog keys under
 * `automation.errors` (the team forms sit beside the routing table in Settings → Staff).
 */
const teamName = z.string('teamNameRequired').trim().min(1, 'teamNameRequired').max(80, 'teamNameTooLong');

export const createTeamSchema = z.object({ name: teamName });
export type CreateTeamInput = z.input<typeof createTeamSchema>;

export const renameTeamSchema = z.object({ teamId: z.uuid('invalid'), name: teamName });
export type RenameTeamInput = z.input<typeof renameTeamSchema>;

export const deleteTeamSchema = z.object({ teamId: z.uuid('invalid') });

export const setTeamMembersSchema = z.object({
  teamId: z.uuid('invalid'),
  // A form with one person to tick sends that one id, or false when unticked: always a list out.
  staffIds: z.preprocess((v) => (v === false || v === undefined || v === null ? [] : typeof v === 'string' ? [v] : v), z.array(z.uuid('invalid'), 'invalid').max(500, 'invalid')),
});
export type SetTeamMembersInput = z.input<typeof setTeamMembersSchema>;

/** The case header's team picker, against the version the agent saw (null: no team). */
export const setCaseTeamSchema = z.object({
  caseId: z.uuid('invalid'),
  version: z.number('invalid').int('invalid').positive('invalid'),
  teamId: z.preprocess((v) => (v === '' ? null : v), z.uuid('invalid').nullable()),
});
export type SetCaseTeamInput = z.input<typeof setCaseTeamSchema>;
