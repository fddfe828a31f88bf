'use server';

import { saveSlaSettingsForm } from '@/lib/staff-admin/sla-settings';
import type { SlaFormInput } from '@/lib/staff-admin/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

// staffCtx({ role: 'admin' }) refuses agents before the use case (which checks again).
export async function saveSlaAction(input: SlaFormInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await saveSlaSettingsForm(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'saved' };
  }, ['/staff/settings/sla']);
}
