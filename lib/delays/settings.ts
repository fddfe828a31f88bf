/**
 * Contract A placeholder (owner: delays; replaced at merge): the delay thresholds, send policy and
 * remedies per kind, settings key `delays`. No `server-only`: the worker imports it.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';

export const DELAY_KINDS = ['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached', 'carrier_exception', 'failed_attempt', 'pickup_expiring'] as const;
export type DelayKind = (typeof DELAY_KINDS)[number];
export type Remedy = 'keep_waiting' | 'keep_waiting_with_discount' | 'cancel_refund' | 'replacement';

export type DelaySettings = {
  thresholds: Record<DelayKind, { default: number; carriers: Partial<Record<string, number>> }>;
  sendPolicy: Record<DelayKind, 'auto' | 'manual'>;
  remedies: Record<DelayKind, Remedy[]>;
  discountPercent: number;
  escalateAfterBusinessDays: number;
  replacementAfterBusinessDays: number;
};

const DEFAULT_THRESHOLDS: Record<DelayKind, number> = {
  dispatch_late: 24,
  no_first_scan: 2,
  stalled_in_transit: 3,
  eta_breached: 1,
  carrier_exception: 0,
  failed_attempt: 0,
  pickup_expiring: 2,
};

const remedy = z.enum(['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund', 'replacement']);
const threshold = z.number().int().min(0).max(1000);
const perKind = <T extends z.ZodType>(item: T, fallback: (kind: DelayKind) => z.input<T>) =>
  z.object(Object.fromEntries(DELAY_KINDS.map((k) => [k, item.default(fallback(k) as never)])) as Record<DelayKind, z.ZodDefault<T>>).prefault({} as never);

export const delaySettingsSchema: z.ZodType<DelaySettings> = z.object({
  thresholds: perKind(z.object({ default: threshold, carriers: z.record(z.string().min(1).max(40), threshold).default({}) }), (k) => ({ default: DEFAULT_THRESHOLDS[k], carriers: {} })),
  sendPolicy: perKind(z.enum(['auto', 'manual']), () => 'manual' as const),
  remedies: perKind(z.array(remedy), (): Remedy[] => ['keep_waiting', 'cancel_refund']),
  discountPercent: z.number().min(0).max(100).default(10),
  escalateAfterBusinessDays: z.number().int().min(1).max(60).default(5),
  replacementAfterBusinessDays: z.number().int().min(1).max(60).default(10),
}) as unknown as z.ZodType<DelaySettings>;

export async function readDelaySettings(db: DbOrTx): Promise<DelaySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'delays'));
  const parsed = delaySettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : delaySettingsSchema.parse({});
}

export async function saveDelaySettings(ctx: Ctx, value: DelaySettings): Promise<void> {
  const next = delaySettingsSchema.parse(value);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, 'delays')).for('update');
    await tx.insert(settings).values({ key: 'delays', value: next }).onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: new Date() } });
    await recordCaseEvent(tx, { actor: ctx.actor, type: 'settings.delays_changed', data: { before: row?.value ?? null, after: next } });
  });
}
