import type { Ctx } from '@/lib/core/actor';
import { DELAY_KINDS, type DelaySettings, readDelaySettings, saveDelaySettings } from '@/lib/delays/settings';
import { CARRIER_IDS, type DelayFormInput, delayFormSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

type DelayForm = Required<DelayFormInput>;

/** The thresholds and send policy per kind (and per carrier) as the form edits them. */
export function delayFormValues(s: DelaySettings): DelayForm {
  return {
    kinds: Object.fromEntries(
      DELAY_KINDS.map((k) => [
        k,
        { default: s.thresholds[k].default, sendPolicy: s.sendPolicy[k], carriers: Object.fromEntries(CARRIER_IDS.map((c) => [c, s.thresholds[k].carriers[c] ?? null])) },
      ]),
    ) as DelayForm['kinds'],
  };
}

/** Saves thresholds and send policy through contract A (validated and audited there); the rest is kept. */
export async function saveDelayThresholds(ctx: Ctx, input: DelayFormInput): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const form = delayFormSchema.parse(input);
  const current = await readDelaySettings(ctx.db);
  const next: DelaySettings = { ...current, thresholds: { ...current.thresholds }, sendPolicy: { ...current.sendPolicy } };
  for (const k of DELAY_KINDS) {
    const own = form.kinds[k];
    const carriers: Partial<Record<string, number>> = {};
    for (const c of CARRIER_IDS) if (own.carriers[c] !== null && own.carriers[c] !== undefined) carriers[c] = own.carriers[c];
    next.thresholds[k] = { default: own.default, carriers };
    next.sendPolicy[k] = own.sendPolicy;
  }
  await saveDelaySettings(ctx, next);
}
