'use server';

import { createTeam } from '@/lib/teams/create-team';
import { deleteTeam } from '@/lib/teams/delete-team';
import { renameTeam } from '@/lib/teams/rename-team';
import type { CreateTeamInput, RenameTeamInput, SetTeamMembersInput } from '@/lib/teams/schemas';
import { setTeamMembers } from '@/lib/teams/set-team-members';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

// The queue's team filter and the rule form list teams too: refresh them with the settings page.
const PATHS = ['/staff/settings/staff', '/staff/settings/automation', '/staff'];

export async function createTeamAction(input: CreateTeamInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await createTeam(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'teamCreated' };
  }, PATHS);
}

export async function renameTeamAction(input: RenameTeamInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await renameTeam(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'teamRenamed' };
  }, PATHS);
}

export async function deleteTeamAction(input: { teamId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await deleteTeam(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'teamDeleted' };
  }, PATHS);
}

export async function setTeamMembersAction(input: SetTeamMembersInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await setTeamMembers(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'teamMembers' };
  }, PATHS);
}
