import type { Ctx } from '@/lib/auth/actor';
import { assertStaff } from '@/lib/returns/staff/authorize';
import { saveSetting } from '@/lib/settings/save-setting';
import { RETENTION_SETTING_KEY, type RetentionInput, type RetentionSettings, retentionSettingsSchema } from './retention';

/** Admin only; validated, saved and audited (`settings.changed`) in one transaction. */
export async function saveRetentionSettings(ctx: Ctx, input: RetentionInput): Promise<RetentionSettings> {
  assertStaff(ctx.actor, { role: 'admin' });
  const value = retentionSettingsSchema.parse(input);
  await saveSetting(ctx, RETENTION_SETTING_KEY, value);
  return value;
}
