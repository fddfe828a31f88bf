import 'server-only';
import type { Ctx } from '@/lib/core/actor';
import { type SendPolicyInput, sendPolicySchema } from './schemas';
import { readDelaySettings, saveDelaySettings } from './settings';
import { authorize } from '@/lib/core/authorize';

/** Admin: auto or wait-for-staff per kind; the rest of the delay settings stay as they are. */
export async function setSendPolicy(ctx: Ctx, raw: SendPolicyInput): Promise<void> {
  authorize(ctx.actor, 'delays.policy');
  const input = sendPolicySchema.parse(raw);
  const current = await readDelaySettings(ctx.db);
  await saveDelaySettings(ctx, { ...current, sendPolicy: { ...current.sendPolicy, ...input.sendPolicy } });
}
