'use server';

import { dismissIncidents } from '@/lib/delays/dismiss-incidents';
import { incidentIdsOfGroup } from '@/lib/delays/queries';
import { type DelayGroupInput, delayGroupSchema, type IncidentSelectionInput, incidentSelectionSchema, type SendPolicyInput } from '@/lib/delays/schemas';
import { sendNotices } from '@/lib/delays/send-notices';
import { setSendPolicy } from '@/lib/delays/set-send-policy';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../_components/staff-action';

// Every action authenticates itself (staffCtx); the use cases check the actor again.
export async function sendNoticesAction(input: IncidentSelectionInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx();
    const { queued, skipped } = await sendNotices(ctx, incidentSelectionSchema.parse(input));
    return { ok: true, done: 'sent', values: { queued, skipped } };
  }, ['/staff/delays']);
}

export async function sendGroupAction(input: DelayGroupInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx();
    const incidentIds = await incidentIdsOfGroup(ctx, delayGroupSchema.parse(input));
    const { queued, skipped } = await sendNotices(ctx, { incidentIds });
    return { ok: true, done: 'sent', values: { queued, skipped } };
  }, ['/staff/delays']);
}

export async function dismissIncidentsAction(input: IncidentSelectionInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx();
    const { dismissed } = await dismissIncidents(ctx, incidentSelectionSchema.parse(input));
    return { ok: true, done: 'dismissed', values: { count: dismissed } };
  }, ['/staff/delays']);
}

export async function setSendPolicyAction(input: SendPolicyInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await setSendPolicy(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'policySaved' };
  }, ['/staff/delays']);
}
