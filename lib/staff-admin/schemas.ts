import { z } from 'zod';
import { locales } from '@/lib/core/locales';
import { CARRIER_IDS, CASE_TYPES, DELAY_KIND_IDS } from './constants';

/** Messages are catalog keys under `staffAdmin.errors` (forms show them localized). */
const uuid = z.uuid('invalid');

export const STAFF_ROLES = ['agent', 'admin'] as const;

/**
 * New passwords (ASVS 6.2 / security checklist AU-02): at least 12 characters, long passphrases
 * welcome (up to 1000), no composition rules, never trimmed, and not one of the commonest passwords.
 */
const COMMON = new Set(['password1234', 'password12345', 'password123!', 'qwertyuiop12', '123456789012', '1234567890123', 'administrator', 'paluupaluupaluu', 'letmein12345', 'iloveyou1234', 'welcome12345', 'qwerty123456']);
export const newPasswordSchema = z
  .string()
  .min(12, 'passwordTooShort')
  .max(1000, 'passwordTooLong')
  .refine((p) => !COMMON.has(p.toLowerCase()) && !/^(.)\1+$/.test(p), 'passwordTooCommon');

export const inviteStaffSchema = z.object({
  name: z.string().trim().min(1, 'nameRequired').max(200, 'nameTooLong'),
  email: z.string().trim().max(320, 'emailInvalid').pipe(z.email('emailInvalid')),
  role: z.enum(STAFF_ROLES, 'roleInvalid'),
  locale: z.enum(locales).default('en'),
});
export type InviteStaffInput = z.input<typeof inviteStaffSchema>;

export const acceptInviteSchema = z
  .object({ token: z.string().min(20).max(200), password: newPasswordSchema, confirm: z.string().max(1000) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'passwordMismatch' });
export type AcceptInviteInput = z.input<typeof acceptInviteSchema>;

export const staffIdSchema = z.object({ staffId: uuid });
export const changeRoleSchema = z.object({ staffId: uuid, role: z.enum(STAFF_ROLES, 'roleInvalid') });

// ---- SLA and business calendar ----------------------------------------------------------------

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'timeInvalid');
const hours = z.number('hoursInvalid').positive('hoursInvalid').max(1000, 'hoursInvalid');
const optionalHours = hours.nullable();
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dateInvalid')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'dateInvalid');

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The SLA form: exactly the fields lib/sla reads (`settings.sla`). */
export const slaFormSchema = z
  .object({
    timeZone: z.string().trim().min(1, 'timeZoneInvalid').max(64).refine(isTimeZone, 'timeZoneInvalid'),
    country: z.enum(['FI', 'SE', 'NO', 'DK'], 'countryInvalid'),
    hours: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.object({ open: z.boolean(), from: hhmm, to: hhmm })])) as Record<(typeof WEEKDAYS)[number], z.ZodObject<{ open: z.ZodBoolean; from: typeof hhmm; to: typeof hhmm }>>),
    closedDates: z.array(isoDate).max(366, 'tooManyDates'),
    firstResponseHours: hours,
    resolutionHours: hours,
    byType: z.object(Object.fromEntries(CASE_TYPES.map((t) => [t, z.object({ firstResponseHours: optionalHours, resolutionHours: optionalHours })])) as Record<(typeof CASE_TYPES)[number], z.ZodObject<{ firstResponseHours: typeof optionalHours; resolutionHours: typeof optionalHours }>>),
    warnPercent: z.number('percentInvalid').int('percentInvalid').min(0, 'percentInvalid').max(100, 'percentInvalid'),
  })
  .superRefine((v, ctx) => {
    for (const d of WEEKDAYS) {
      const day = v.hours[d];
      if (day.open && day.to <= day.from) ctx.addIssue({ code: 'custom', path: ['hours', d, 'to'], message: 'closeBeforeOpen' });
    }
    if (!WEEKDAYS.some((d) => v.hours[d].open)) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'noOpenDay' });
  });
export type SlaFormInput = z.input<typeof slaFormSchema>;
export type SlaForm = z.output<typeof slaFormSchema>;

// ---- Carriers -----------------------------------------------------------------------------------

export { CARRIER_IDS };
export type CarrierIdValue = (typeof CARRIER_IDS)[number];
const optionalUrl = z.union([z.literal(''), z.url('urlInvalid').max(500, 'urlInvalid').refine((u) => /^https?:\/\//.test(u), 'urlInvalid')]);
const optionalText = z.string().trim().max(200, 'textTooLong');

export const carrierFormSchema = z.object({
  carrier: z.enum(CARRIER_IDS),
  enabled: z.boolean(),
  baseUrl: optionalUrl,
  tokenUrl: optionalUrl,
  clientId: optionalText,
  apiUid: optionalText,
  username: optionalText,
  webhookAuth: z.enum(['header', 'hmac']),
  webhookHeader: z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, 'headerInvalid'),
  pollIntervalMinutes: z.number('minutesInvalid').int('minutesInvalid').min(1, 'minutesInvalid').max(10_080, 'minutesInvalid'),
  // Return booking (issue #14): the booking API's base URL, user / account id and the shop's customer number.
  bookingBaseUrl: optionalUrl.optional().default(''),
  bookingApiUser: optionalText.optional().default(''),
  customerNumber: optionalText.optional().default(''),
});
export type CarrierFormInput = z.input<typeof carrierFormSchema>;

export const CARRIER_SECRET_FIELDS = ['webhookSecret', 'clientSecret', 'apiKey', 'password', 'bookingApiKey'] as const;
export type CarrierSecretField = (typeof CARRIER_SECRET_FIELDS)[number];
export const carrierSecretSchema = z
  .object({ carrier: z.enum(CARRIER_IDS), field: z.enum(CARRIER_SECRET_FIELDS), value: z.string().min(1, 'secretRequired').max(500, 'secretTooLong') })
  .refine((v) => v.field !== 'webhookSecret' || v.value.length >= 16, { path: ['value'], message: 'secretTooShort' })
  .refine((v) => v.value.trim() === v.value, { path: ['value'], message: 'secretWhitespace' });
export type CarrierSecretInput = z.input<typeof carrierSecretSchema>;
export const carrierOnlySchema = z.object({ carrier: z.enum(CARRIER_IDS) });

// ---- Delay thresholds and send policy (contract A DelaySettings) ---------------------------------

const threshold = z.number('thresholdInvalid').int('thresholdInvalid').min(0, 'thresholdInvalid').max(1000, 'thresholdInvalid');
export const delayFormSchema = z.object({
  kinds: z.object(
    Object.fromEntries(
      DELAY_KIND_IDS.map((k) => [k, z.object({ default: threshold, sendPolicy: z.enum(['auto', 'manual']), carriers: z.object(Object.fromEntries(CARRIER_IDS.map((c) => [c, threshold.nullable()]))) })]),
    ) as Record<
      (typeof DELAY_KIND_IDS)[number],
      z.ZodObject<{ default: typeof threshold; sendPolicy: z.ZodEnum<{ auto: 'auto'; manual: 'manual' }>; carriers: z.ZodObject<Record<CarrierIdValue, z.ZodNullable<typeof threshold>>> }>
    >,
  ),
});
export type DelayFormInput = z.input<typeof delayFormSchema>;
