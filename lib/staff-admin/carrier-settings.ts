import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { CARRIER_SETTINGS_KEY, carrierEnvName, DEFAULT_BASE_URLS, getCarrierConfig, writeCarrierSettings } from '@/lib/carriers/config';
import { BOOKING_FIELDS, type BookingField, type ConnectionResult } from '@/lib/carriers/booking';
import { registry } from '@/lib/carriers/registry';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { authorize } from '@/lib/core/authorize';
import {
  CARRIER_IDS,
  type CarrierFormInput,
  type CarrierIdValue,
  type CarrierSecretField,
  type CarrierSecretInput,
  carrierFormSchema,
  carrierOnlySchema,
  carrierSecretSchema,
} from './schemas';

/**
 * Admin edits of `settings.carriers` (read by lib/carriers/config.ts). Secrets are write-only: the
 * view says whether one is set and when it changed, never its value; audit rows name the field only;
 * the database holds them sealed with a key derived from APP_SECRET.
 */
type Stored = Record<string, unknown> & { secretsChangedAt?: Partial<Record<string, string>> };
type AllStored = Record<string, Stored>;

const SECRET_VIEW_FIELDS = ['webhookSecret', 'webhookSecretPrevious', 'clientSecret', 'apiKey', 'password', 'bookingApiKey'] as const;
const PLAIN_FIELDS = ['enabled', 'baseUrl', 'tokenUrl', 'clientId', 'apiUid', 'username', 'webhookAuth', 'webhookHeader', 'pollIntervalMinutes', 'bookingBaseUrl', 'bookingApiUser', 'customerNumber'] as const;
/** The settings whose environment override the page names (lib/carriers/config.ts `carrierEnvName`). */
const ENV_VIEW_FIELDS = ['enabled', 'baseUrl', 'tokenUrl', 'clientId', 'clientSecret', 'apiKey', 'apiUid', 'username', 'password', 'webhookAuth', 'webhookHeader', 'webhookSecret', 'webhookSecretPrevious', 'pollIntervalMinutes', 'bookingBaseUrl', 'bookingApiUser', 'bookingApiKey', 'customerNumber'] as const;

export type CarrierSettingsDto = {
  carrier: CarrierIdValue;
  defaultBaseUrl: string;
  values: {
    enabled: boolean;
    baseUrl: string;
    tokenUrl: string;
    clientId: string;
    apiUid: string;
    username: string;
    webhookAuth: 'header' | 'hmac';
    webhookHeader: string;
    pollIntervalMinutes: number;
    bookingBaseUrl: string;
    bookingApiUser: string;
    customerNumber: string;
  };
  /** Which API books this carrier's return labels (lib/carriers/<carrier>/booking.ts); null: none yet, labels are SPECIMENs. */
  bookingVia: string | null;
  /** The booking settings this carrier's client reads (the form asks for these only); none without a client. */
  bookingFields: BookingField[];
  secrets: Record<(typeof SECRET_VIEW_FIELDS)[number], { set: boolean; changedAt: string | null; fromEnv: boolean }>;
  /** Env variable names that override a field of this carrier right now. */
  envOverrides: Partial<Record<string, string>>;
};

async function readAll(db: DbOrTx, lock = false): Promise<AllStored> {
  const query = db.select({ value: settings.value }).from(settings).where(eq(settings.key, CARRIER_SETTINGS_KEY));
  const [row] = lock ? await query.for('update') : await query;
  return row?.value && typeof row.value === 'object' && !Array.isArray(row.value) ? (row.value as AllStored) : {};
}

function bookingFieldsOf(carrier: CarrierIdValue): BookingField[] {
  const booking = registry[carrier].booking;
  return booking ? [...(booking.fields ?? BOOKING_FIELDS)] : [];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export async function listCarrierSettings(db: DbOrTx, env: NodeJS.ProcessEnv = process.env): Promise<CarrierSettingsDto[]> {
  const all = await readAll(db);
  return CARRIER_IDS.map((carrier) => {
    const s: Stored = all[carrier] && typeof all[carrier] === 'object' ? all[carrier] : {};
    const envOverrides: Partial<Record<string, string>> = {};
    for (const field of ENV_VIEW_FIELDS) {
      const name = carrierEnvName(carrier, field);
      if (name && env[name] !== undefined && env[name] !== '') envOverrides[field] = name;
    }
    const secrets = Object.fromEntries(
      SECRET_VIEW_FIELDS.map((f) => [f, { set: Boolean(str(s[f])) || Boolean(envOverrides[f]), changedAt: s.secretsChangedAt?.[f] ?? null, fromEnv: Boolean(envOverrides[f]) }]),
    ) as CarrierSettingsDto['secrets'];
    return {
      carrier,
      defaultBaseUrl: DEFAULT_BASE_URLS[carrier],
      values: {
        enabled: s.enabled !== false,
        baseUrl: str(s.baseUrl),
        tokenUrl: str(s.tokenUrl),
        clientId: str(s.clientId),
        apiUid: str(s.apiUid),
        username: str(s.username),
        webhookAuth: s.webhookAuth === 'hmac' ? 'hmac' : 'header',
        webhookHeader: str(s.webhookHeader) || 'x-paluu-webhook-secret',
        pollIntervalMinutes: typeof s.pollIntervalMinutes === 'number' ? s.pollIntervalMinutes : 30,
        bookingBaseUrl: str(s.bookingBaseUrl),
        bookingApiUser: str(s.bookingApiUser),
        customerNumber: str(s.customerNumber),
      },
      bookingVia: registry[carrier].booking?.via ?? null,
      bookingFields: bookingFieldsOf(carrier),
      secrets,
      envOverrides,
    };
  });
}

/** Secrets are sealed on the way in (lib/carriers/config.ts); the rest is stored as is. */
async function writeAll(tx: Tx, all: AllStored): Promise<void> {
  await writeCarrierSettings(tx, all);
}

/** The non-secret connection fields of one carrier; empty text clears a field (the default applies). */
export async function updateCarrierConnection(ctx: Ctx, input: CarrierFormInput): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const form = carrierFormSchema.parse(input);
  await ctx.db.transaction(async (tx) => {
    const all = await readAll(tx, true);
    const current: Stored = { ...(all[form.carrier] ?? {}) };
    const before = Object.fromEntries(PLAIN_FIELDS.map((f) => [f, current[f] ?? null]));
    for (const field of PLAIN_FIELDS) {
      const value = form[field];
      if (value === '') delete current[field];
      else current[field] = value;
    }
    const after = Object.fromEntries(PLAIN_FIELDS.map((f) => [f, current[f] ?? null]));
    await writeAll(tx, { ...all, [form.carrier]: current });
    await recordEvent(tx, { actor, type: 'settings.changed', data: { key: CARRIER_SETTINGS_KEY, carrier: form.carrier, before, after } });
  });
}

async function writeSecret(ctx: Ctx, carrier: CarrierIdValue, field: CarrierSecretField, value: string, how: 'set' | 'generated', now: Date): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const all = await readAll(tx, true);
    const current: Stored = { ...(all[carrier] ?? {}) };
    const changedAt = { ...(current.secretsChangedAt ?? {}) };
    const rotated = field === 'webhookSecret' && Boolean(str(current.webhookSecret));
    // Rotation: the old webhook secret stays accepted (as previous) until the admin ends the rotation.
    if (rotated) {
      current.webhookSecretPrevious = current.webhookSecret;
      changedAt.webhookSecretPrevious = now.toISOString();
    }
    current[field] = value;
    changedAt[field] = now.toISOString();
    current.secretsChangedAt = changedAt;
    await writeAll(tx, { ...all, [carrier]: current });
    await recordEvent(tx, { actor, type: 'settings.secret_changed', data: { key: CARRIER_SETTINGS_KEY, carrier, field, how, previousKept: rotated } });
  });
}

/** Stores a secret the carrier gave us (write-only). */
export async function setCarrierSecret(ctx: Ctx, input: CarrierSecretInput, now: Date = new Date()): Promise<void> {
  const { carrier, field, value } = carrierSecretSchema.parse(input);
  await writeSecret(ctx, carrier, field, value, 'set', now);
}

/** A new random webhook secret, returned once so it can be given to the carrier. */
export async function rotateWebhookSecret(ctx: Ctx, input: { carrier: string }, now: Date = new Date()): Promise<{ secret: string }> {
  const { carrier } = carrierOnlySchema.parse(input);
  const secret = randomBytes(32).toString('base64url');
  await writeSecret(ctx, carrier, 'webhookSecret', secret, 'generated', now);
  return { secret };
}

/** Ends a rotation: the previous webhook secret stops working. */
export async function endWebhookRotation(ctx: Ctx, input: { carrier: string }): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const { carrier } = carrierOnlySchema.parse(input);
  await ctx.db.transaction(async (tx) => {
    const all = await readAll(tx, true);
    const current: Stored = { ...(all[carrier] ?? {}) };
    if (!str(current.webhookSecretPrevious)) throw new AppError('invalid_state', 'No rotation in progress', { details: { reason: 'noRotation' } });
    delete current.webhookSecretPrevious;
    const changedAt = { ...(current.secretsChangedAt ?? {}) };
    delete changedAt.webhookSecretPrevious;
    current.secretsChangedAt = changedAt;
    await writeAll(tx, { ...all, [carrier]: current });
    await recordEvent(tx, { actor, type: 'settings.secret_changed', data: { key: CARRIER_SETTINGS_KEY, carrier, field: 'webhookSecretPrevious', how: 'cleared' } });
  });
}

export type BookingConnectionResult = { result: 'ok' | 'unsupported' | Extract<ConnectionResult, { ok: false }>['reason']; status?: number };

/**
 * "Test connection": one authenticated call to the carrier's booking API with the saved (or env) credentials.
 * Changes nothing; the answer names the outcome and the HTTP status, never a credential.
 */
export async function testCarrierBookingConnection(ctx: Ctx, input: { carrier: string }): Promise<BookingConnectionResult> {
  authorize(ctx.actor, 'settings.manage');
  const { carrier } = carrierOnlySchema.parse(input);
  const booking = registry[carrier].booking;
  if (!booking) return { result: 'unsupported' };
  const outcome = await booking.testConnection(await getCarrierConfig(ctx.db, carrier));
  return outcome.ok ? { result: 'ok' } : { result: outcome.reason, ...(outcome.status ? { status: outcome.status } : {}) };
}
