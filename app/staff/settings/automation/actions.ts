'use server';

import { deleteRule } from '@/lib/automation/delete-rule';
import { moveRule } from '@/lib/automation/move-rule';
import { saveRule } from '@/lib/automation/save-rule';
import type { AgentRoutingInput, RuleFormInput } from '@/lib/automation/schemas';
import { setAgentRouting } from '@/lib/automation/set-agent-routing';
import { toggleRule } from '@/lib/automation/toggle-rule';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const PAGES = ['/staff/settings/automation'];

// staffCtx({ role: 'admin' }) refuses agents before the use case (which checks again).
export async function saveRuleAction(input: RuleFormInput, ruleId: string | null): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await saveRule(await staffCtx({ role: 'admin' }), { ...input, ruleId });
    return { ok: true, done: ruleId ? 'saved' : 'created' };
  }, PAGES);
}

export async function deleteRuleAction(input: { ruleId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await deleteRule(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'deleted' };
  }, PAGES);
}

export async function moveRuleAction(input: { ruleId: string; direction: 'up' | 'down' }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await moveRule(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'moved' };
  }, PAGES);
}

export async function toggleRuleAction(input: { ruleId: string; enabled: boolean }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await toggleRule(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'toggled' };
  }, PAGES);
}

export async function setAgentRoutingAction(input: AgentRoutingInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await setAgentRouting(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'routing' };
  }, ['/staff/settings/staff']);
}
