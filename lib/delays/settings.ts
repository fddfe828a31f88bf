/**
 * Contract A (owner: delays). Shop setting `delays`: thresholds per incident kind and carrier, the send
 * policy per kind, the remedies the shop offers, the discount, escalation and replacement thresholds.
 * No `server-only`: the worker and the CLI import it under plain Node.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import { delayKindEnum } from '@/db/schema/enums';
import type { Ctx } from '@/lib/core/actor';
import { saveSetting } from '@/lib/settings/save-setting';

export const DELAY_KINDS = ['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached', 'carrier_exception', 'failed_attempt', 'pickup_expiring'] as const;
export type DelayKind = (typeof DELAY_KINDS)[number];
export type Remedy = 'keep_waiting' | 'keep_waiting_with_discount' | 'cancel_refund' | 'replacement';
export const REMEDIES = ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund', 'replacement'] as const satisfies readonly Remedy[];

// The list above is the database enum's, in the same order (checked here so a new kind cannot be missed).
const _sameKinds: readonly DelayKind[] = delayKindEnum.enumValues;
void _sameKinds;

export type DelaySettings = {
  /** Threshold per kind: business hours for dispatch_late, business days otherwise (pickup_expiring:
   *  days before the last collection day). `carriers` overrides per carrier id (posti, postnord, …). */
  thresholds: Record<DelayKind, { default: number; carriers: Partial<Record<string, number>> }>;
  /** auto: notices go out as soon as the incident opens; manual: they wait for staff in /staff/delays. */
  sendPolicy: Record<DelayKind, 'auto' | 'manual'>;
  /** Remedies the shop offers per kind (the legal minimum is added by the rules regardless). */
  remedies: Record<DelayKind, Remedy[]>;
  /** Discount for keep_waiting_with_discount, percent of the order's captured amount. */
  discountPercent: number;
  /** An incident open this many business days escalates to a delivery_issue case. */
  escalateAfterBusinessDays: number;
  /** Replacement is offered after this many business days without a scan (or when the carrier says lost). */
  replacementAfterBusinessDays: number;
};

/**
 * Defaults: Nordic practice (research/feature-anchors.md §1b: carrier investigation after 5 business days
 * without a scan; parcelLab's "forgotten" = label but no inbound scan in the usual time) and the carriers'
 * transit times (research/carriers.md §7.4: PostNord and Bring cross-border parcels are slower).
 */
export const DEFAULT_DELAY_SETTINGS: DelaySettings = {
  thresholds: {
    dispatch_late: { default: 16, carriers: {} },
    no_first_scan: { default: 2, carriers: { postnord: 3, bring: 3 } },
    stalled_in_transit: { default: 3, carriers: { postnord: 4, bring: 4 } },
    eta_breached: { default: 1, carriers: {} },
    carrier_exception: { default: 0, carriers: {} },
    failed_attempt: { default: 0, carriers: {} },
    pickup_expiring: { default: 2, carriers: {} },
  },
  sendPolicy: {
    dispatch_late: 'auto',
    no_first_scan: 'auto',
    stalled_in_transit: 'auto',
    eta_breached: 'auto',
    carrier_exception: 'manual',
    failed_attempt: 'auto',
    pickup_expiring: 'auto',
  },
  remedies: {
    dispatch_late: ['keep_waiting', 'cancel_refund'],
    no_first_scan: ['keep_waiting', 'cancel_refund'],
    stalled_in_transit: ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund'],
    eta_breached: ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund'],
    carrier_exception: ['keep_waiting'],
    failed_attempt: [],
    pickup_expiring: [],
  },
  discountPercent: 10,
  escalateAfterBusinessDays: 3,
  replacementAfterBusinessDays: 5,
};

const count = z.number().int().min(0).max(365);
// `prefault({})`: a missing part is parsed from `{}`, so its own field defaults fill it in.
const threshold = (kind: DelayKind) =>
  z
    .object({
      default: count.default(DEFAULT_DELAY_SETTINGS.thresholds[kind].default),
      carriers: z.record(z.string().regex(/^[a-z_]{2,32}$/), count).default(() => ({ ...(DEFAULT_DELAY_SETTINGS.thresholds[kind].carriers as Record<string, number>) })),
    })
    .prefault({});
const perKind = <T extends z.ZodType>(make: (kind: DelayKind) => T) =>
  z.object(Object.fromEntries(DELAY_KINDS.map((kind) => [kind, make(kind)])) as Record<DelayKind, T>).prefault({} as never);

const schema = z.object({
  thresholds: perKind(threshold),
  sendPolicy: perKind((kind) => z.enum(['auto', 'manual']).default(DEFAULT_DELAY_SETTINGS.sendPolicy[kind])),
  remedies: perKind((kind) =>
    z
      .array(z.enum(REMEDIES))
      .max(4)
      .transform((list) => [...new Set(list)])
      .default(() => [...DEFAULT_DELAY_SETTINGS.remedies[kind]]),
  ),
  discountPercent: z.number().int().min(0).max(100).default(DEFAULT_DELAY_SETTINGS.discountPercent),
  escalateAfterBusinessDays: z.number().int().min(1).max(60).default(DEFAULT_DELAY_SETTINGS.escalateAfterBusinessDays),
  replacementAfterBusinessDays: z.number().int().min(1).max(60).default(DEFAULT_DELAY_SETTINGS.replacementAfterBusinessDays),
});

/** Every field has a default: `parse({})` gives DEFAULT_DELAY_SETTINGS; partial objects are completed. */
export const delaySettingsSchema: z.ZodType<DelaySettings> = schema as unknown as z.ZodType<DelaySettings>;

/** The threshold of one kind for one carrier (the carrier override, else the kind's default). */
export function thresholdFor(value: DelaySettings, kind: DelayKind, carrier: string | null): number {
  const t = value.thresholds[kind];
  return (carrier ? t.carriers[carrier] : undefined) ?? t.default;
}

/** Settings key `delays`; a stored value that no longer parses falls back to the defaults (never a 500). */
export async function readDelaySettings(db: DbOrTx): Promise<DelaySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'delays'));
  const parsed = delaySettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : delaySettingsSchema.parse({});
}

/**
 * Validates (ZodError on bad input, nothing saved), then saves through the one settings writer: admin
 * only, audited as `settings.changed` like every other setting (the settings overview lists it).
 */
export async function saveDelaySettings(ctx: Ctx, value: DelaySettings): Promise<void> {
  await saveSetting(ctx, 'delays', delaySettingsSchema.parse(value));
}
