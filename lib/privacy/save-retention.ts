import type { Ctx } from '@/lib/core/actor';
import { saveSetting } from '@/lib/settings/save-setting';
import { RETENTION_SETTING_KEY, type RetentionInput, type RetentionSettings, retentionSettingsSchema } from './retention';
import { authorize } from '@/lib/core/authorize';

/** Admin only; validated, saved and audited (`settings.changed`) in one transaction. */
export async function saveRetentionSettings(ctx: Ctx, input: RetentionInput): Promise<RetentionSettings> {
  authorize(ctx.actor, 'privacy.manage');
  const value = retentionSettingsSchema.parse(input);
  await saveSetting(ctx, RETENTION_SETTING_KEY, value);
  return value;
}
