import 'server-only';
import type { Ctx } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { type SendPolicyInput, sendPolicySchema } from './schemas';
import { readDelaySettings, saveDelaySettings } from './settings';

/** Admin: auto or wait-for-staff per kind; the rest of the delay settings stay as they are. */
export async function setSendPolicy(ctx: Ctx, raw: SendPolicyInput): Promise<void> {
  if (ctx.actor.type !== 'staff' || ctx.actor.role !== 'admin') throw new AppError('forbidden');
  const input = sendPolicySchema.parse(raw);
  const current = await readDelaySettings(ctx.db);
  await saveDelaySettings(ctx, { ...current, sendPolicy: { ...current.sendPolicy, ...input.sendPolicy } });
}
