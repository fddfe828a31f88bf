/**
 * Carrier integration settings: `settings` row `carriers` (jsonb, one object per carrier), overridable
 * per field by environment variables `PALUU_CARRIER_<CARRIER>_<FIELD>` (e.g. PALUU_CARRIER_BRING_WEBHOOK_SECRET,
 * PALUU_CARRIER_POSTNORD_BASE_URL). Secrets never leave this module except to the code that uses them.
 * No `server-only`: the worker reads it too.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import type { CarrierId } from '@/lib/core/enums';

export const CARRIER_SETTINGS_KEY = 'carriers';

/**
 * Fields stored sealed (AES-256-GCM, key derived from APP_SECRET; `enc:v1:` prefix): a database dump
 * or a settings export does not reveal them. A plain value left from before is sealed on the next read
 * or write.
 */
export const CARRIER_SECRET_FIELDS = ['webhookSecret', 'webhookSecretPrevious', 'clientSecret', 'apiKey', 'password', 'servicePointsApiKey', 'servicePointsSecret', 'bookingApiKey'] as const;
const SEAL_PURPOSE = 'carrier-secret';
const SEALED = 'enc:v1:';

type StoredCarriers = Record<string, Record<string, unknown>>;

let generatedSecret: Buffer | undefined;
/** APP_SECRET, or the one generated once into the database (kept per process: webhooks read this often). */
async function appSecretOf(db: DbOrTx): Promise<Buffer> {
  if (process.env.APP_SECRET) return readAppSecret(db);
  generatedSecret ??= await readAppSecret(db);
  return generatedSecret;
}

/** Every carrier's secrets sealed (values already sealed stay as they are). */
export function sealCarrierSecrets(all: StoredCarriers, appSecret: Buffer): { value: StoredCarriers; changed: boolean } {
  let changed = false;
  const value: StoredCarriers = {};
  for (const [carrier, config] of Object.entries(all)) {
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      value[carrier] = config;
      continue;
    }
    const next = { ...config };
    for (const field of CARRIER_SECRET_FIELDS) {
      const v = next[field];
      if (typeof v === 'string' && v !== '' && !v.startsWith(SEALED)) {
        next[field] = sealSecret(v, appSecret, SEAL_PURPOSE);
        changed = true;
      }
    }
    value[carrier] = next;
  }
  return { value, changed };
}

/** One carrier's stored settings with its secrets opened; a secret that no longer opens (APP_SECRET changed) is left out. */
function openCarrierSecrets(carrier: string, stored: Record<string, unknown>, appSecret: Buffer): Record<string, unknown> {
  const out = { ...stored };
  for (const field of CARRIER_SECRET_FIELDS) {
    const v = out[field];
    if (typeof v !== 'string' || !v.startsWith(SEALED)) continue;
    try {
      out[field] = openSecret(v, appSecret, SEAL_PURPOSE);
    } catch {
      console.warn(`[carriers] the stored ${field} of ${carrier} cannot be opened with this APP_SECRET; set it again`);
      delete out[field];
    }
  }
  return out;
}

function asStored(value: unknown): StoredCarriers {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as StoredCarriers) : {};
}

/** Writes the carriers row with every secret sealed. */
export async function writeCarrierSettings(db: DbOrTx, all: StoredCarriers): Promise<void> {
  const { value } = sealCarrierSecrets(all, await appSecretOf(db));
  await db.insert(settings).values({ key: CARRIER_SETTINGS_KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

const carrierConfigSchema = z.object({
  enabled: z.boolean().default(true),
  baseUrl: z.string().url().optional(),
  /** Posti OAuth2 token endpoint (§1.1). */
  tokenUrl: z.string().url().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  /** PostNord `apikey`, DHL `DHL-API-Key`, Bring `X-Mybring-API-Key`, Budbee API key. */
  apiKey: z.string().optional(),
  /** Bring `X-Mybring-API-Uid`. */
  apiUid: z.string().optional(),
  /** Matkahuolto HTTP Basic. */
  username: z.string().optional(),
  password: z.string().optional(),
  /** Push: `header` = a configured secret header (Bring Event Cast, DHL push); `hmac` = signed body with timestamp. */
  webhookAuth: z.enum(['header', 'hmac']).default('header'),
  webhookHeader: z.string().default('x-paluu-webhook-secret'),
  webhookSecret: z.string().min(16).optional(),
  /** Accepted during a rotation window together with webhookSecret. */
  webhookSecretPrevious: z.string().min(16).optional(),
  /** Minutes between polls of one parcel. */
  pollIntervalMinutes: z.number().int().positive().default(30),
  /** Push carriers: a parcel quiet this long is re-fetched from the tracking API (WH-10 reconciliation). */
  reconcileAfterMinutes: z.number().int().positive().default(1440),
  /** Requests per minute the carrier allows us. */
  rateLimitPerMinute: z.number().int().positive().default(60),
  requestTimeoutMs: z.number().int().positive().default(10_000),
  /** Service points (issue #14): the carrier's service-point API, when not at `DEFAULT_SERVICE_POINTS_URLS`. */
  servicePointsUrl: z.string().url().optional(),
  /** Posti's pickup points through Pakettikauppa: its merchant API key and HMAC secret; Budbee's lockers: its merchant API key and secret (HTTP Basic). DHL: the Location Finder's `DHL-API-Key` (else `apiKey`). */
  servicePointsApiKey: z.string().optional(),
  servicePointsSecret: z.string().optional(),
  /** Push subscriptions (Bring Event Cast, DHL Unified Push): false stops the worker creating them (default on). */
  pushEnabled: z.boolean().optional(),
  /** The subscription API (default: Bring `https://api.bring.com/event-cast`, DHL `https://api-eu.dhl.com/tracking/push/v1`). */
  pushBaseUrl: z.string().url().optional(),
  /** The public origin the carrier calls back (default APP_URL); it must be https unless set here explicitly. */
  pushCallbackBaseUrl: z.string().url().optional(),
  /** DHL Unified Push `service` (`express`, `parcel-de`, `ecommerce-europe`, …; default `express`). */
  pushService: z.string().min(1).optional(),
  // Return booking (issue #14, lib/carriers/<carrier>/booking.ts). Posti books through Pakettikauppa (its
  // aggregator): bookingApiUser = the merchant API key (UUID), bookingApiKey = the merchant secret.
  /** The booking API's base URL when it differs from the tracking API's (empty: the booking client's default). */
  bookingBaseUrl: z.string().url().optional(),
  /** The booking API's user / account id. */
  bookingApiUser: z.string().optional(),
  /** The booking API's key or shared secret (stored sealed). */
  bookingApiKey: z.string().optional(),
  /** The shop's customer number at the carrier (Bring, PostNord), where booking asks for it. */
  customerNumber: z.string().optional(),
  /** The carrier's return product when its booking client's default does not fit the shop's contract (Bring: 9300 / 0341). */
  bookingProduct: z.string().min(1).optional(),
});
export type CarrierConfig = z.infer<typeof carrierConfigSchema>;

/** Where each carrier's tracking API lives (carriers.md §1.1, §2.1, §3.1, §4.1, §5, §6). */
export const DEFAULT_BASE_URLS: Record<CarrierId, string> = {
  posti: 'https://gateway.posti.fi/2025-04',
  postnord: 'https://api2.postnord.com/rest/shipment',
  matkahuolto: 'https://extservices.matkahuolto.fi/mpaketti',
  bring: 'https://api.bring.com/tracking/api/v2',
  budbee: 'https://api.budbee.com',
  dhl: 'https://api-eu.dhl.com',
  // Instabee API docs: production host of the integration API (no public tracking pull endpoint; Instabox pushes).
  instabox: 'https://api.integration.instabee.com',
};

/** Where each carrier's service-point API lives (only carriers with a `servicePoints` capability). */
export const DEFAULT_SERVICE_POINTS_URLS: Partial<Record<CarrierId, string>> = {
  // developer.bring.com/api/pickup-point: https://api.bring.com/pickuppoint/api/pickuppoint/{country}/postalCode/{code}.json
  bring: 'https://api.bring.com/pickuppoint',
  // developer.postnord.com Business Location v5: https://api2.postnord.com/rest/businesslocation/v5/servicepoints/…
  postnord: 'https://api2.postnord.com',
  // Pakettikauppa API documentation, "Environments → Production".
  posti: 'https://api.pakettikauppa.fi',
  // Matkahuolto's pickup points through the same aggregator (its own API has no public reference).
  matkahuolto: 'https://api.pakettikauppa.fi',
  // developer.dhl.com Location Finder – Unified: https://api.dhl.com/location-finder/v1/find-by-address
  dhl: 'https://api.dhl.com',
  // Budbee's merchant API (the Box API's lockers): production host per Budbee's API docs (sandbox https://api.staging.budbee.com).
  budbee: 'https://api.budbee.com',
};

const ENV_FIELDS: Array<[keyof CarrierConfig, string, 'string' | 'number' | 'boolean']> = [
  ['enabled', 'ENABLED', 'boolean'],
  ['baseUrl', 'BASE_URL', 'string'],
  ['tokenUrl', 'TOKEN_URL', 'string'],
  ['clientId', 'CLIENT_ID', 'string'],
  ['clientSecret', 'CLIENT_SECRET', 'string'],
  ['apiKey', 'API_KEY', 'string'],
  ['apiUid', 'API_UID', 'string'],
  ['username', 'USERNAME', 'string'],
  ['password', 'PASSWORD', 'string'],
  ['webhookAuth', 'WEBHOOK_AUTH', 'string'],
  ['webhookHeader', 'WEBHOOK_HEADER', 'string'],
  ['webhookSecret', 'WEBHOOK_SECRET', 'string'],
  ['webhookSecretPrevious', 'WEBHOOK_SECRET_PREVIOUS', 'string'],
  ['pollIntervalMinutes', 'POLL_INTERVAL_MINUTES', 'number'],
  ['reconcileAfterMinutes', 'RECONCILE_AFTER_MINUTES', 'number'],
  ['rateLimitPerMinute', 'RATE_LIMIT_PER_MINUTE', 'number'],
  ['requestTimeoutMs', 'REQUEST_TIMEOUT_MS', 'number'],
  ['servicePointsUrl', 'SERVICE_POINTS_URL', 'string'],
  ['servicePointsApiKey', 'SERVICE_POINTS_API_KEY', 'string'],
  ['servicePointsSecret', 'SERVICE_POINTS_SECRET', 'string'],
  ['pushEnabled', 'PUSH_ENABLED', 'boolean'],
  ['pushBaseUrl', 'PUSH_BASE_URL', 'string'],
  ['pushCallbackBaseUrl', 'PUSH_CALLBACK_BASE_URL', 'string'],
  ['pushService', 'PUSH_SERVICE', 'string'],
  ['bookingBaseUrl', 'BOOKING_BASE_URL', 'string'],
  ['bookingApiUser', 'BOOKING_API_USER', 'string'],
  ['bookingApiKey', 'BOOKING_API_KEY', 'string'],
  ['customerNumber', 'CUSTOMER_NUMBER', 'string'],
  ['bookingProduct', 'BOOKING_PRODUCT', 'string'],
];

/** The environment variable of one carrier setting, e.g. `PALUU_CARRIER_POSTI_BOOKING_API_KEY`; null for a setting env cannot set. */
export function carrierEnvName(carrier: CarrierId, field: keyof CarrierConfig): string | null {
  const suffix = ENV_FIELDS.find(([f]) => f === field)?.[1];
  return suffix ? `PALUU_CARRIER_${carrier.toUpperCase()}_${suffix}` : null;
}

function fromEnv(carrier: CarrierId, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, suffix, type] of ENV_FIELDS) {
    const value = env[`PALUU_CARRIER_${carrier.toUpperCase()}_${suffix}`];
    if (value === undefined || value === '') continue;
    out[field] = type === 'number' ? Number(value) : type === 'boolean' ? value === 'true' || value === '1' : value;
  }
  return out;
}

/** One carrier's settings (database, then env on top). An invalid stored value falls back to defaults. */
export async function getCarrierConfig(db: DbOrTx, carrier: CarrierId, env: NodeJS.ProcessEnv = process.env): Promise<CarrierConfig> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CARRIER_SETTINGS_KEY));
  const appSecret = await appSecretOf(db);
  const all = asStored(row?.value);
  const sealed = sealCarrierSecrets(all, appSecret);
  if (sealed.changed) {
    // Plain secrets from before sealing: sealed now, unless someone changed the row meanwhile.
    await db
      .update(settings)
      .set({ value: sealed.value })
      .where(and(eq(settings.key, CARRIER_SETTINGS_KEY), sql`${settings.value} = ${JSON.stringify(all)}::jsonb`));
  }
  const raw = all[carrier];
  const stored = raw && typeof raw === 'object' && !Array.isArray(raw) ? openCarrierSecrets(carrier, raw, appSecret) : {};
  const merged = { ...stored, ...fromEnv(carrier, env) };
  const parsed = carrierConfigSchema.safeParse(merged);
  // An invalid stored value (e.g. a too-short secret) must not half-configure the carrier: say so, use env only.
  if (!parsed.success) console.warn(`[carriers] settings for ${carrier} are invalid (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}); using defaults and env`);
  const config = parsed.success ? parsed.data : carrierConfigSchema.parse(fromEnv(carrier, env));
  return { ...config, baseUrl: (config.baseUrl ?? DEFAULT_BASE_URLS[carrier]).replace(/\/+$/, '') };
}

/** Merges `patch` into one carrier's stored settings (admin tooling, tests, the simulator); secrets are stored sealed. */
export async function saveCarrierConfig(db: DbOrTx, carrier: CarrierId, patch: Partial<CarrierConfig>): Promise<void> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CARRIER_SETTINGS_KEY));
  const all = asStored(row?.value);
  await writeCarrierSettings(db, { ...all, [carrier]: { ...(all[carrier] ?? {}), ...patch } });
}
