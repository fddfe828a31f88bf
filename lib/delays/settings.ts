// PLACEHOLDER for contract A (owner: delays) — replaced by the delays engineer's file at merge.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';

export const DELAY_KINDS = ['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached', 'carrier_exception', 'failed_attempt', 'pickup_expiring'] as const;
export type DelayKind = (typeof DELAY_KINDS)[number];
export type Remedy = 'keep_waiting' | 'keep_waiting_with_discount' | 'cancel_refund' | 'replacement';
const REMEDIES = ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund', 'replacement'] as const;

export type DelaySettings = {
  thresholds: Record<DelayKind, { default: number; carriers: Partial<Record<string, number>> }>;
  sendPolicy: Record<DelayKind, 'auto' | 'manual'>;
  remedies: Record<DelayKind, Remedy[]>;
  discountPercent: number;
  escalateAfterBusinessDays: number;
  replacementAfterBusinessDays: number;
};

const DEFAULT_THRESHOLD: Record<DelayKind, number> = { dispatch_late: 16, no_first_scan: 2, stalled_in_transit: 3, eta_breached: 0, carrier_exception: 0, failed_attempt: 0, pickup_expiring: 2 };
const DEFAULT_POLICY: Record<DelayKind, 'auto' | 'manual'> = {
  dispatch_late: 'manual',
  no_first_scan: 'manual',
  stalled_in_transit: 'manual',
  eta_breached: 'auto',
  carrier_exception: 'manual',
  failed_attempt: 'auto',
  pickup_expiring: 'auto',
};

const perKind = <T extends z.ZodType>(value: (kind: DelayKind) => T) =>
  z.object(Object.fromEntries(DELAY_KINDS.map((k) => [k, value(k)])) as Record<DelayKind, T>);

export const delaySettingsSchema: z.ZodType<DelaySettings> = z.object({
  thresholds: perKind((k) =>
    z.object({ default: z.number().int().min(0).max(1000), carriers: z.record(z.string(), z.number().int().min(0).max(1000)).default({}) }).default({ default: DEFAULT_THRESHOLD[k], carriers: {} }),
  ).default(Object.fromEntries(DELAY_KINDS.map((k) => [k, { default: DEFAULT_THRESHOLD[k], carriers: {} }])) as never),
  sendPolicy: perKind((k) => z.enum(['auto', 'manual']).default(DEFAULT_POLICY[k])).default(DEFAULT_POLICY as never),
  remedies: perKind(() => z.array(z.enum(REMEDIES)).default(['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund'])).default(
    Object.fromEntries(DELAY_KINDS.map((k) => [k, ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund']])) as never,
  ),
  discountPercent: z.number().min(0).max(100).default(10),
  escalateAfterBusinessDays: z.number().int().min(1).max(60).default(5),
  replacementAfterBusinessDays: z.number().int().min(1).max(60).default(7),
}) as unknown as z.ZodType<DelaySettings>;

export async function readDelaySettings(db: DbOrTx): Promise<DelaySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'delays'));
  const parsed = delaySettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : delaySettingsSchema.parse({});
}

export async function saveDelaySettings(ctx: Ctx, value: DelaySettings): Promise<void> {
  if (ctx.actor.type !== 'staff' || ctx.actor.role !== 'admin') throw new AppError('forbidden');
  const data = delaySettingsSchema.parse(value);
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const before = await readDelaySettings(tx);
    await tx.insert(settings).values({ key: 'delays', value: data }).onConflictDoUpdate({ target: settings.key, set: { value: data } });
    await recordCaseEvent(tx, { actor, type: 'settings.delays_changed', data: { before, after: data } });
  });
}
