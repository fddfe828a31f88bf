/**
 * The demo shop "Kuusi & Koivu", a Finnish clothing and home-goods shop, with ~60 orders from the
 * last 45 days in every state the portal has to handle: parcels of all six carriers in every
 * shipment status but `canceled`, late and silent parcels, a split shipment, returns in six
 * states, claims and open cases.
 *
 * Two halves:
 * - `buildDemoData(now)` is pure: a seeded PRNG and calendar arithmetic from the Helsinki date of
 *   `now`, so every run on the same day produces identical rows (ids are name-based UUIDs).
 * - `seedDemoShop(db)` writes those rows in one transaction, or nothing when the demo orders exist.
 *
 * Scripts run this under `node --import tsx`, where the `@/` alias does not resolve: relative imports only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { hash } from '@node-rs/argon2';
import { computeSla, parseSlaSettings, slaCalendar } from '../lib/sla/sla';
import { renderProductImage } from '../lib/product-images/render-image';
import { demoMacros } from './seed-macros';
import { demoServicePointRows } from './seed-service-points';
import { inArray, sql } from 'drizzle-orm';
import { carrierCatalog, type Carrier } from '../lib/carriers/catalog';
import type { Db, DbOrTx } from './index';
import * as schema from './schema';
import { recordEvents, type RecordEventInput } from '../lib/core/events';
import type { MarketFees, PickupPoint, ReturnReasonNode, VariantOptions } from './schema';
import { DEFAULT_SHOP_TIME_ZONE, todayIn } from '../lib/time/today';
import { addBusinessDays as addHolidayBusinessDays, businessDaysBetween } from '../lib/time/holidays';
import { groupEstimate, learnGroups, pickGroup } from '../lib/tracking/transit-window';

// ---------------------------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------------------------

type Locale = 'fi' | 'sv' | 'en';
type StaffRole = (typeof schema.staffRoleEnum.enumValues)[number];

export type DemoSummary = {
  shopName: string;
  /** False when the demo shop was already there and nothing was written. */
  seeded: boolean;
  staff: Array<{ email: string; password: string; role: StaffRole }>;
  sampleOrders: Array<{ orderNumber: string; email: string; postalCode: string; locale: Locale; description: string }>;
};

export const DEMO_SHOP_NAME = 'Kuusi & Koivu';

/** Every table the demo seed writes, in dependency order (for counts in the script and the test). */
export const DEMO_TABLES = [
  'settings',
  'staff_users',
  'variants',
  'return_policies',
  'orders',
  'order_lines',
  'shipments',
  'shipment_lines',
  'tracking_events',
  'returns',
  'return_items',
  'photos',
  'claims',
  'refunds',
  'cases',
  'case_messages',
  'case_events',
  'service_point_cache',
  'product_images',
] as const;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and ids
// ---------------------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough for demo data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class Random {
  private readonly next: () => number;
  /** One stream per concern, so adding orders does not reshuffle the catalogue's stock. */
  constructor(stream: string) {
    this.next = mulberry32(fnv1a(`kuusi-koivu:${stream}`));
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[entries.length - 1]![0];
  }
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }
  chars(alphabet: string, count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

/** Name-based UUID (v5 layout over SHA-1): the same demo row gets the same id on every run. */
function demoId(kind: string, key: string): string {
  const h = createHash('sha1').update(`paluu-demo:${kind}:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// Shop calendar (Europe/Helsinki). Business days skip weekends only: the demo needs plausible
// dates, not the holiday calendar (that belongs to the SLA/delay code).
// ---------------------------------------------------------------------------------------------

const TIME_ZONE = DEFAULT_SHOP_TIME_ZONE;
const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(instant: Date) {
  const p: Record<string, number> = {};
  for (const part of wallClockFormat.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** The shop-local calendar date ('YYYY-MM-DD') of an instant. */
export function shopDate(instant: Date): string {
  return todayIn(TIME_ZONE, instant);
}

function offsetMs(instant: Date): number {
  const w = wallClock(instant);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant of a shop-local wall-clock time; two passes settle DST transitions. */
function shopTime(date: string, hhmm: string, plusMinutes = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm + plusMinutes);
  const first = wall - offsetMs(new Date(wall));
  return new Date(wall - offsetMs(new Date(first)));
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Moves `days` business days (negative: backwards); a weekend start counts from the weekend. */
function addBusinessDays(date: string, days: number): string {
  let current = date;
  const step = days < 0 ? -1 : 1;
  for (let left = Math.abs(days); left > 0; ) {
    current = addDays(current, step);
    if (!isWeekend(current)) left--;
  }
  return current;
}

const minutes = (n: number) => n * 60_000;

// ---------------------------------------------------------------------------------------------
// Reference data: the shop, its staff, return policy and catalogue
// ---------------------------------------------------------------------------------------------

const shopSettings = {
  name: DEMO_SHOP_NAME,
  timeZone: TIME_ZONE,
  country: 'FI',
  currency: 'EUR',
  supportEmail: 'asiakaspalvelu@kuusikoivu.example',
  accentColor: '#1f5f4a',
  returnPolicyUrl: null,
  // Where return parcels go (printed on return labels).
  returnAddress: { name: 'Kuusi & Koivu / Palautukset', line1: 'Varastokatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI' },
};

const demoStaff = [
  { email: 'agent@kuusikoivu.example', password: 'demo-agent-2026', role: 'agent', name: 'Aino Agentti', locale: 'fi' },
  { email: 'admin@kuusikoivu.example', password: 'demo-admin-2026', role: 'admin', name: 'Eero Ylläpitäjä', locale: 'en' },
] as const;
/**
 * The demo admin's TOTP secret (two-factor is required for admins). Add it to an authenticator app,
 * or compute the code: `node --import tsx -e "import('./lib/auth/totp.ts').then(m=>console.log(m.totpCode('<secret>')))"`.
 * Demo only: a real admin enrols with their own secret at first login.
 */
const seedSlaSettings = parseSlaSettings({});
const seedSlaCalendar = slaCalendar(seedSlaSettings, { timeZone: TIME_ZONE, country: 'FI' });
/** SLA columns of a demo case, as openCase would set them. */
function seedSla(c: Insert<typeof schema.cases>) {
  const facts = {
    type: c.type,
    createdAt: c.createdAt as Date,
    firstRespondedAt: (c.firstRespondedAt as Date | null) ?? null,
    resolvedAt: (c.resolvedAt as Date | null) ?? null,
    slaPausedAt: (c.slaPausedAt as Date | null) ?? null,
    slaPausedSeconds: 0,
  };
  const sla = computeSla(facts, seedSlaSettings, seedSlaCalendar);
  return { ...sla, queueAt: sla.slaDueAt ?? sla.resolutionDueAt };
}

export const DEMO_ADMIN_TOTP_SECRET = 'PALUUDEMOADMINTOTPSECRET234567AB';
/** The agent who answers, notes and refunds in the demo story. */
const AGENT_ID = demoId('staff', demoStaff[0].email);

const reasonLabels = (fi: string, sv: string, en: string, da: string, nb: string) => ({ fi, sv, en, da, nb });

/** Leaves carry the rules; `size` only groups. */
const returnReasons: ReturnReasonNode[] = [
  {
    code: 'size',
    labels: reasonLabels('Koko', 'Storlek', 'Size', 'Størrelse', 'Størrelse'),
    children: [
      {
        code: 'too_small',
        labels: reasonLabels('Liian pieni', 'För liten', 'Too small', 'For lille', 'For liten'),
        autoApprove: true,
        resolutions: ['refund', 'store_credit', 'exchange'],
      },
      {
        code: 'too_big',
        labels: reasonLabels('Liian suuri', 'För stor', 'Too big', 'For stor', 'For stor'),
        autoApprove: true,
        resolutions: ['refund', 'store_credit', 'exchange'],
      },
    ],
  },
  {
    code: 'not_as_described',
    labels: reasonLabels('Ei vastannut kuvausta', 'Motsvarade inte beskrivningen', 'Not as described', 'Ikke som beskrevet', 'Ikke som beskrevet'),
    photoRequired: true,
    resolutions: ['refund', 'store_credit'],
  },
  {
    code: 'damaged',
    labels: reasonLabels('Viallinen tai vaurioitunut', 'Defekt eller skadad', 'Damaged or defective', 'Defekt eller beskadiget', 'Defekt eller skadet'),
    photoRequired: true,
    feeWaived: true,
    autoApprove: false,
    resolutions: ['refund', 'exchange'],
  },
  {
    code: 'wrong_item',
    labels: reasonLabels('Väärä tuote', 'Fel vara', 'Wrong item', 'Forkert vare', 'Feil vare'),
    photoRequired: true,
    feeWaived: true,
    resolutions: ['refund', 'exchange'],
  },
  {
    code: 'changed_mind',
    labels: reasonLabels('Muutin mieleni', 'Ångrat köpet', 'Changed my mind', 'Fortrudt købet', 'Angret kjøpet'),
    autoApprove: true,
    resolutions: ['refund', 'store_credit'],
    // A damaged item sent back without a fault of the product: the agent is proposed 30 % off.
    damagedDeductionPercent: 30,
  },
];

const feesByMarket: MarketFees = {
  FI: { amount: 0, currency: 'EUR' },
  SE: { amount: 495, currency: 'EUR' },
  NO: { amount: 595, currency: 'EUR' },
};
const EXCHANGE_BONUS_PERCENT = 10;

function findReason(code: string, nodes: ReturnReasonNode[] = returnReasons): ReturnReasonNode | undefined {
  for (const node of nodes) {
    if (node.code === code) return node;
    const child = node.children && findReason(code, node.children);
    if (child) return child;
  }
  return undefined;
}

type Product = {
  key: string;
  code: string;
  /** Finnish product names with English descriptors, as Finnish design brands sell abroad. */
  title: string;
  price: number;
  colors: string[];
  sizes?: string[];
  finalSale?: boolean;
  /** How likely a basket contains it. */
  weight: number;
  /** Small items are bought several at a time. */
  multiples?: boolean;
  /** Has a picture in fixtures/product-images/<key>.png (drawn for this project; see the README there). */
  image?: boolean;
};

const CLOTHING_SIZES = ['S', 'M', 'L', 'XL'];
const products: Product[] = [
  { key: 'tunturi-sweater', code: 'TUN', title: 'Tunturi merino sweater', price: 12900, colors: ['Forest green', 'Oat', 'Charcoal'], sizes: CLOTHING_SIZES, weight: 3, image: true },
  { key: 'saaristo-shirt', code: 'SAA', title: 'Saaristo linen shirt', price: 8900, colors: ['White', 'Sage', 'Sand'], sizes: CLOTHING_SIZES, weight: 3 },
  { key: 'kelo-socks', code: 'KEL', title: 'Kelo wool socks', price: 1900, colors: ['Grey melange', 'Rust'], sizes: ['S', 'M', 'L'], weight: 4, multiples: true, image: true },
  { key: 'myrsky-jacket', code: 'MYR', title: 'Myrsky rain jacket', price: 18900, colors: ['Navy', 'Moss'], sizes: CLOTHING_SIZES, weight: 2 },
  { key: 'laituri-towel', code: 'LAI', title: 'Laituri linen towel', price: 3400, colors: ['Natural', 'Sea blue', 'Rust'], weight: 3, multiples: true, image: true },
  { key: 'kaamos-mug', code: 'KAA', title: 'Kaamos ceramic mug', price: 2400, colors: ['Snow', 'Midnight', 'Clay'], weight: 3, multiples: true, image: true },
  { key: 'revontuli-blanket', code: 'REV', title: 'Revontuli wool blanket', price: 14900, colors: ['Forest green', 'Oat'], weight: 1.5 },
  // Outlet: sold as final sale, so these lines can never be returned (the rejected demo return shows it).
  { key: 'halla-beanie-outlet', code: 'HAL', title: 'Halla knit beanie (Outlet)', price: 1500, colors: ['Rust', 'Charcoal'], finalSale: true, weight: 1 },
];

/**
 * The demo's product pictures: URLs under the reserved `.invalid` name (never resolves, never fetched), stored by the
 * seed from the PNGs in fixtures/product-images through the same renderer and table the worker uses.
 */
export const demoImageUrl = (key: string) => `https://demo.paluu.invalid/products/${key}.png`;
const DEMO_IMAGE_KEYS = products.filter((p) => p.image).map((p) => p.key);

async function seedDemoImages(tx: DbOrTx): Promise<void> {
  const dir = path.resolve(import.meta.dirname, '../fixtures/product-images');
  for (const key of DEMO_IMAGE_KEYS) {
    const url = demoImageUrl(key);
    const rendered = await renderProductImage(readFileSync(path.join(dir, `${key}.png`)));
    if (!rendered.ok) throw new Error(`demo image ${key}: ${rendered.error}`);
    await tx
      .insert(schema.productImages)
      .values({ urlHash: createHash('sha256').update(url, 'utf8').digest('hex'), url, status: 'ok', attempts: 1, fetchedAt: new Date(), small: rendered.small, large: rendered.large, sizes: rendered.sizes })
      .onConflictDoNothing();
  }
}

const colorCode = (color: string) => color.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
const skuOf = (product: Product, color: string, size?: string) => [product.code, colorCode(color), size].filter(Boolean).join('-');

/**
 * Stock that tests and the demo rely on; the rest is random. `1` is the last unit (exchange races),
 * `0` is sold out (exchange must offer something else; REV-OAT is the backordered line of a partial order).
 */
const stockOverrides: Record<string, number> = {
  'TUN-FOR-L': 1,
  'TUN-FOR-XL': 0,
  'MYR-NAV-S': 0,
  'REV-OAT': 0,
  'REV-FOR': 1,
  'HAL-CHA': 0,
  'KAA-CLA': 1,
  'SAA-SAN-M': 1,
};

type VariantRow = typeof schema.variants.$inferInsert & { id: string; sku: string; title: string; price: number; options: VariantOptions };

function buildVariants(startOfToday: Date): { rows: VariantRow[]; bySku: Map<string, VariantRow & { product: Product }> } {
  const rng = new Random('catalogue');
  // The catalogue's order is the order its variants were created (colours, then sizes S → XL): a second apart,
  // as a shop pushing them one by one would, since one insert would give them all the same timestamp.
  const createdFrom = startOfToday.getTime() - 365 * 86_400_000;
  const bySku = new Map<string, VariantRow & { product: Product }>();
  for (const product of products) {
    for (const color of product.colors) {
      for (const size of product.sizes ?? [undefined]) {
        const sku = skuOf(product, color, size);
        const options: VariantOptions = size ? { color, size } : { color };
        const stock = stockOverrides[sku] ?? rng.weighted([[0, 1], [rng.int(2, 8), 4], [rng.int(9, 40), 5]]);
        const createdAt = new Date(createdFrom + bySku.size * 1000);
        bySku.set(sku, { id: demoId('variant', sku), sku, productKey: product.key, title: product.title, options, price: product.price, currency: 'EUR', stock, imageUrl: product.image ? demoImageUrl(product.key) : null, createdAt, product });
      }
    }
  }
  const rows = [...bySku.values()].map(({ product: _product, ...row }) => row);
  return { rows, bySku };
}

// ---------------------------------------------------------------------------------------------
// People and places
// ---------------------------------------------------------------------------------------------

type Market = 'FI' | 'SE' | 'NO';

type Place = {
  key: string;
  country: Market;
  postalCode: string;
  city: string;
  /** Swedish name of a bilingual Finnish municipality; Swedish speakers write it. */
  citySv?: string;
  district: string;
  /** [Finnish, Swedish] street names; one name outside Finland. */
  streets: Array<[string, string?]>;
  /** The carrier terminal city that serves it. */
  hub: string;
  /** Business days beyond the carrier's standard lead time (far north, abroad). */
  extraDays: number;
  budbee?: boolean;
};

const WAREHOUSE_CITY = 'Tampere';
const EXPORT_HUB = 'Vantaa';

const places: Place[] = [
  { key: 'hki-kamppi', country: 'FI', postalCode: '00100', city: 'Helsinki', citySv: 'Helsingfors', district: 'Kamppi', streets: [['Runeberginkatu', 'Runebergsgatan'], ['Fredrikinkatu', 'Fredriksgatan']], hub: 'Vantaa', extraDays: 0, budbee: true },
  { key: 'hki-kallio', country: 'FI', postalCode: '00530', city: 'Helsinki', citySv: 'Helsingfors', district: 'Kallio', streets: [['Fleminginkatu', 'Flemingsgatan'], ['Helsinginkatu', 'Helsingegatan']], hub: 'Vantaa', extraDays: 0, budbee: true },
  { key: 'hki-kruununhaka', country: 'FI', postalCode: '00170', city: 'Helsinki', citySv: 'Helsingfors', district: 'Kruununhaka', streets: [['Liisankatu', 'Elisabetsgatan'], ['Mariankatu', 'Mariegatan']], hub: 'Vantaa', extraDays: 0, budbee: true },
  { key: 'espoo-tapiola', country: 'FI', postalCode: '02100', city: 'Espoo', citySv: 'Esbo', district: 'Tapiola', streets: [['Itätuulenkuja', 'Östanvindsgränden']], hub: 'Vantaa', extraDays: 0, budbee: true },
  { key: 'porvoo', country: 'FI', postalCode: '06100', city: 'Porvoo', citySv: 'Borgå', district: 'Keskusta', streets: [['Mannerheiminkatu', 'Mannerheimgatan'], ['Jokikatu', 'Ågatan']], hub: 'Vantaa', extraDays: 0 },
  { key: 'tampere', country: 'FI', postalCode: '33100', city: 'Tampere', citySv: 'Tammerfors', district: 'Tammela', streets: [['Hämeenkatu', 'Tavastgatan'], ['Satakunnankatu', 'Satakuntagatan']], hub: 'Tampere', extraDays: 0, budbee: true },
  { key: 'turku', country: 'FI', postalCode: '20100', city: 'Turku', citySv: 'Åbo', district: 'Keskusta', streets: [['Aurakatu', 'Auragatan'], ['Linnankatu', 'Slottsgatan']], hub: 'Turku', extraDays: 0, budbee: true },
  { key: 'lahti', country: 'FI', postalCode: '15100', city: 'Lahti', citySv: 'Lahtis', district: 'Keskusta', streets: [['Aleksanterinkatu', 'Alexandersgatan']], hub: 'Lahti', extraDays: 0 },
  { key: 'jyvaskyla', country: 'FI', postalCode: '40100', city: 'Jyväskylä', district: 'Keskusta', streets: [['Kauppakatu']], hub: 'Jyväskylä', extraDays: 0 },
  { key: 'vaasa', country: 'FI', postalCode: '65100', city: 'Vaasa', citySv: 'Vasa', district: 'Keskusta', streets: [['Hovioikeudenpuistikko', 'Hovrättsesplanaden'], ['Kauppapuistikko', 'Handelsesplanaden']], hub: 'Vaasa', extraDays: 1 },
  { key: 'pietarsaari', country: 'FI', postalCode: '68600', city: 'Pietarsaari', citySv: 'Jakobstad', district: 'Keskusta', streets: [['Isokatu', 'Storgatan']], hub: 'Kokkola', extraDays: 1 },
  { key: 'kuopio', country: 'FI', postalCode: '70100', city: 'Kuopio', district: 'Keskusta', streets: [['Puijonkatu']], hub: 'Kuopio', extraDays: 1 },
  { key: 'oulu', country: 'FI', postalCode: '90100', city: 'Oulu', citySv: 'Uleåborg', district: 'Keskusta', streets: [['Kirkkokatu', 'Kyrkogatan']], hub: 'Oulu', extraDays: 1 },
  // Swedish postal codes are stored as written ("113 51"); lookup normalizes the space away.
  { key: 'stockholm', country: 'SE', postalCode: '113 51', city: 'Stockholm', district: 'Vasastan', streets: [['Odengatan']], hub: 'Rosersberg', extraDays: 0, budbee: true },
  { key: 'goteborg', country: 'SE', postalCode: '411 19', city: 'Göteborg', district: 'Inom Vallgraven', streets: [['Vallgatan']], hub: 'Göteborg', extraDays: 0, budbee: true },
  { key: 'uppsala', country: 'SE', postalCode: '753 20', city: 'Uppsala', district: 'Centrum', streets: [['Kungsgatan']], hub: 'Uppsala', extraDays: 0 },
  // Norway: four-digit postal codes. Orders stay in EUR to keep the demo to one currency.
  { key: 'oslo', country: 'NO', postalCode: '0553', city: 'Oslo', district: 'Grünerløkka', streets: [['Thorvald Meyers gate']], hub: 'Oslo', extraDays: 0 },
  { key: 'bergen', country: 'NO', postalCode: '5015', city: 'Bergen', district: 'Nygårdshøyden', streets: [['Nygårdsgaten']], hub: 'Bergen', extraDays: 0 },
];
const placeByKey = new Map(places.map((p) => [p.key, p]));
const placeOf = (key: string): Place => {
  const place = placeByKey.get(key);
  if (!place) throw new Error(`unknown demo place ${key}`);
  return place;
};

/** Where each language's customers live (Swedish speakers: the bilingual coast and Sweden). */
const homesByLocale: Record<Locale, ReadonlyArray<readonly [string, number]>> = {
  fi: places.filter((p) => p.country === 'FI').map((p) => [p.key, p.city === 'Helsinki' ? 2 : 1] as const),
  sv: [['vaasa', 3], ['porvoo', 2], ['pietarsaari', 2], ['espoo-tapiola', 2], ['hki-kruununhaka', 2], ['turku', 1], ['stockholm', 1.5], ['goteborg', 1], ['uppsala', 1]],
  en: [['hki-kamppi', 3], ['hki-kallio', 2], ['espoo-tapiola', 2], ['tampere', 1], ['turku', 1], ['oslo', 0.6], ['bergen', 0.4]],
};

const namesByLocale: Record<Locale, { first: string[]; last: string[] }> = {
  fi: {
    first: ['Helmi', 'Eetu', 'Juho', 'Kaisa', 'Lauri', 'Minna', 'Niko', 'Oona', 'Pekka', 'Riikka', 'Sanna', 'Tuomas', 'Veera', 'Ville', 'Elina', 'Matti', 'Heidi', 'Antti', 'Iida', 'Onni'],
    last: ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Kinnunen', 'Rantanen'],
  },
  sv: {
    first: ['Axel', 'Ebba', 'Emil', 'Freja', 'Hugo', 'Ida', 'Johan', 'Linnea', 'Oskar', 'Stina', 'Viktor', 'Wilma', 'Anders', 'Maja', 'Elsa', 'Nils'],
    last: ['Lindholm', 'Sjöberg', 'Nyström', 'Forsman', 'Holmström', 'Ekström', 'Westerlund', 'Björkqvist', 'Lindqvist', 'Granroth', 'Åberg', 'Strandberg', 'Söderlund', 'Backman'],
  },
  en: {
    first: ['Sofia', 'Daniel', 'Olivia', 'Lucas', 'Hanna', 'Nora', 'Mikael', 'Emma', 'Jonas', 'Priya', 'Tomás', 'Amira', 'Liam', 'Chloé'],
    last: ['Berg', 'Hansen', 'Nilsen', 'Dahl', 'Lund', 'Andersen', 'Eriksen', 'Raman', 'García', 'Haddad', "O'Connor", 'Holm'],
  },
};

/** ASCII local part for an email address: "Tomás O'Connor" → "tomas.oconnor". */
function emailLocalPart(first: string, last: string): string {
  const fold = (s: string) =>
    s
      .toLowerCase()
      .replace(/ø/g, 'o')
      .replace(/æ/g, 'ae')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]/g, '');
  return `${fold(first)}.${fold(last)}`;
}

function emailDomain(rng: Random, locale: Locale, market: Market): string {
  if (market === 'SE') return 'example.se';
  if (market === 'NO' || locale === 'en') return 'example.com';
  return rng.chance(0.65) ? 'example.fi' : 'example.com';
}

function phoneNumber(rng: Random, market: Market): string {
  switch (market) {
    case 'FI':
      return `+358 ${rng.pick(['40', '44', '45', '50'])} ${rng.digits(3)} ${rng.digits(4)}`;
    case 'SE':
      return `+46 70 ${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}`;
    case 'NO':
      return `+47 ${rng.pick(['41', '46', '92'])}${rng.digits(1)} ${rng.digits(2)} ${rng.digits(3)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Carriers: services, tracking numbers, pickup points and each carrier's own event vocabulary
// ---------------------------------------------------------------------------------------------

type ShipmentStatus = (typeof schema.shipmentStatusEnum.enumValues)[number];
type ExceptionSub = (typeof schema.exceptionSubStatusEnum.enumValues)[number];
type Delivery = 'home' | 'pickup';

const services: Record<Carrier, { home: string; pickup?: string; abroad?: string; returns?: string }> = {
  posti: { home: 'Kotipaketti', pickup: 'Postipaketti', abroad: 'Postipaketti ulkomaille', returns: 'Palautus' },
  matkahuolto: { home: 'Kotijakelu', pickup: 'Lähellä-paketti', returns: 'Asiakaspalautus' },
  postnord: { home: 'MyPack Home', pickup: 'MyPack Collect', returns: 'Return Drop Off' },
  bring: { home: 'Home Delivery Parcel', pickup: 'PickUp Parcel' },
  budbee: { home: 'Budbee Home Delivery', pickup: 'Budbee Box' },
  dhl: { home: 'DHL Express Domestic', abroad: 'DHL Express Worldwide' },
  instabox: { home: 'Instabox Home', pickup: 'Instabox Locker' },
};

/** UPU S10 check digit over an 8-digit serial (carriers.md §8.3). */
function s10CheckDigit(serial: string): string {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  const c = 11 - (sum % 11);
  return String(c === 10 ? 0 : c === 11 ? 5 : c);
}

/** GS1 mod-10 check digit (weights 3,1,… from the right). */
function gs1CheckDigit(body: string): string {
  const sum = [...body].reverse().reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

/** SSCC with application identifier 00, as Nordic parcel labels print it (§2.3, §4.3). */
function sscc(rng: Random, companyPrefix: string): string {
  const body = `3${companyPrefix}${rng.digits(16 - companyPrefix.length)}`;
  return `00${body}${gs1CheckDigit(body)}`;
}

/** Tracking numbers in each carrier's real shape (carriers.md §1.3, §2.3, §3.3, §4.3, §6, §7.5). */
function trackingNumber(rng: Random, carrier: Carrier, abroad: boolean): string {
  switch (carrier) {
    case 'posti': {
      if (abroad) {
        const serial = rng.digits(8);
        return `CP${serial}${s10CheckDigit(serial)}FI`;
      }
      return `JJFI64321${rng.digits(12)}`;
    }
    case 'matkahuolto': {
      const serial = rng.digits(8);
      return `MH${serial}${s10CheckDigit(serial)}FI`;
    }
    case 'postnord':
      return sscc(rng, '7312345');
    case 'bring':
      return sscc(rng, '70701120');
    case 'budbee':
      // §5: the public page is keyed by an opaque order token; no documented number format.
      return rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 10);
    case 'dhl': {
      // DHL Express waybill: ten digits, the last is the first nine mod 7 (§7.5, heuristic).
      const body = `${rng.int(1, 9)}${rng.digits(8)}`;
      return `${body}${Number(body) % 7}`;
    }
    case 'instabox':
      return `SHOP${rng.digits(12)}`;
  }
}

const pickupChains: Record<Carrier, Array<{ name: string; hours: string }>> = {
  posti: [
    { name: 'Posti Parcel Locker {district}', hours: 'ma–su 0–24' },
    { name: 'K-Market {district}', hours: 'ma–su 7–23' },
    { name: 'S-market {district}', hours: 'ma–la 7–22, su 10–22' },
  ],
  matkahuolto: [{ name: 'R-kioski {district}', hours: 'ma–pe 7–21, la 9–21, su 10–20' }],
  budbee: [{ name: 'Budbee Box {district}', hours: '24/7' }],
  postnord: [
    { name: 'ICA Nära {district}', hours: 'mån–sön 8–22' },
    { name: 'Pressbyrån {district}', hours: 'mån–fre 7–21, lör–sön 9–20' },
  ],
  bring: [{ name: 'Coop Extra {district}', hours: 'man–lør 7–23' }],
  dhl: [],
  instabox: [{ name: 'Instabox {district}', hours: '24/7' }],
};

function pickupPointFor(rng: Random, carrier: Carrier, place: Place): PickupPoint {
  const chain = rng.pick(pickupChains[carrier]);
  return {
    id: rng.digits(6),
    name: chain.name.replace('{district}', place.district),
    address: `${place.streets[0]![0]} ${rng.int(1, 60)}`,
    postalCode: place.postalCode,
    city: place.city,
    openingHours: chain.hours,
  };
}

/** Abstract steps of a parcel's life; each carrier words and codes them its own way. */
type Milestone =
  | 'label'
  | 'handed_in'
  | 'origin_terminal'
  | 'export'
  | 'customs'
  | 'dest_terminal'
  | 'out_for_delivery'
  | 'at_pickup_point'
  | 'reminder'
  | 'delivered'
  | 'picked_up'
  | 'attempt_failed'
  | 'exception_address'
  | 'exception_customs'
  | 'exception_damaged'
  | 'exception_weather'
  | 'returning'
  | 'returned';

/** Filler steps a carrier may not report (Budbee has one terminal scan); the rest must exist. */
const optionalMilestones = new Set<Milestone>(['origin_terminal', 'export', 'customs', 'dest_terminal', 'reminder']);

type Where = 'none' | 'origin' | 'hub' | 'export' | 'destination' | 'pickup';
type CarrierEvent = { code: string; status: ShipmentStatus; subStatus?: ExceptionSub; text: string; where: Where };
const ev = (code: string, status: ShipmentStatus, text: string, where: Where, subStatus?: ExceptionSub): CarrierEvent => ({ code, status, text, where, subStatus });

/**
 * Codes and texts as each carrier sends them (carriers.md §1.2, §2.2, §3.2, §4.2, §5, §6):
 * Posti and Matkahuolto in Finnish, PostNord in Swedish, Bring, Budbee and DHL in English.
 * The statuses are what the adapters will normalize them to, traps included (Budbee's locker
 * "Delivered" is `available_for_pickup`; PostNord's out-for-delivery is event code 113).
 */
const carrierEvents: Record<Carrier, Partial<Record<Milestone, CarrierEvent>>> = {
  posti: {
    label: ev('68', 'info_received', 'Lähettäjä on ilmoittanut lähetyksen tiedot Postille', 'none'),
    handed_in: ev('13', 'in_transit', 'Lähetys on noudettu lähettäjältä', 'origin'),
    origin_terminal: ev('48', 'in_transit', 'Lähetys on lastattu kuljetukseen', 'origin'),
    export: ev('99', 'in_transit', 'Lähetys on lähtenyt kohdemaahan', 'export'),
    dest_terminal: ev('31', 'in_transit', 'Lähetys on kuljetuksessa', 'hub'),
    out_for_delivery: ev('71', 'out_for_delivery', 'Lähetys on jakelukuljetuksessa', 'destination'),
    at_pickup_point: ev('45', 'available_for_pickup', 'Lähetys on noudettavissa. Saapumisilmoitus on lähetetty vastaanottajalle.', 'pickup'),
    reminder: ev('45', 'available_for_pickup', 'Muistutus: lähetys odottaa noutoa', 'pickup'),
    delivered: ev('22', 'delivered', 'Lähetys on luovutettu vastaanottajalle', 'destination'),
    picked_up: ev('22', 'delivered', 'Lähetys on luovutettu vastaanottajalle', 'pickup'),
    attempt_failed: ev('56', 'failed_attempt', 'Lähetystä ei voitu luovuttaa – vastaanottajaa ei tavoitettu', 'destination'),
    exception_address: ev('20', 'exception', 'Poikkeama: vastaanottajan osoitetiedot ovat puutteelliset', 'destination', 'address_issue'),
    exception_weather: ev('20', 'exception', 'Poikkeama: kuljetus viivästyy sääolosuhteiden vuoksi', 'hub', 'weather'),
    returning: ev('77', 'returned_to_sender', 'Lähetystä ei noudettu. Lähetys palautetaan lähettäjälle.', 'pickup'),
    returned: ev('77', 'returned_to_sender', 'Palautus on luovutettu lähettäjälle', 'origin'),
  },
  matkahuolto: {
    label: ev('02', 'info_received', 'Ennakkotieto vastaanotettu', 'none'),
    handed_in: ev('08', 'in_transit', 'Noudettu lähettäjältä', 'origin'),
    origin_terminal: ev('25', 'in_transit', 'Lastattu runkokuljetukseen', 'origin'),
    dest_terminal: ev('35', 'in_transit', 'Saapunut määräterminaaliin', 'hub'),
    out_for_delivery: ev('45', 'out_for_delivery', 'Lastattu jakeluun', 'destination'),
    at_pickup_point: ev('50', 'available_for_pickup', 'Noudettavissa', 'pickup'),
    reminder: ev('56', 'available_for_pickup', 'Toinen saapumisilmoitus lähetetty', 'pickup'),
    delivered: ev('60', 'delivered', 'Luovutettu vastaanottajalle', 'destination'),
    picked_up: ev('60', 'delivered', 'Luovutettu vastaanottajalle', 'pickup'),
    attempt_failed: ev('97', 'failed_attempt', 'Jakeluyritys, vastaanottajaa ei tavoitettu', 'destination'),
    exception_damaged: ev('104', 'exception', 'Poikkeama lisätty: pakkaus vaurioitunut kuljetuksessa', 'hub', 'damaged'),
    returning: ev('70', 'returned_to_sender', 'Palautettu noutamattomana', 'pickup'),
  },
  postnord: {
    label: ev('INFORMED', 'info_received', 'Vi har fått information om försändelsen från avsändaren', 'none'),
    handed_in: ev('EN_ROUTE', 'in_transit', 'Försändelsen har lämnats in till PostNord', 'origin'),
    origin_terminal: ev('EN_ROUTE', 'in_transit', 'Försändelsen har lämnat terminalen', 'origin'),
    export: ev('EN_ROUTE', 'in_transit', 'Försändelsen är på väg till mottagarlandet', 'export'),
    dest_terminal: ev('EN_ROUTE', 'in_transit', 'Försändelsen har ankommit till terminalen', 'hub'),
    out_for_delivery: ev('113', 'out_for_delivery', 'Utkörning av försändelsen pågår', 'destination'),
    at_pickup_point: ev('AVAILABLE_FOR_DELIVERY', 'available_for_pickup', 'Försändelsen finns att hämta hos ditt utlämningsställe', 'pickup'),
    delivered: ev('DELIVERED', 'delivered', 'Försändelsen har levererats', 'destination'),
    picked_up: ev('DELIVERED', 'delivered', 'Försändelsen har hämtats ut', 'pickup'),
    attempt_failed: ev('DELIVERY_IMPOSSIBLE', 'failed_attempt', 'Försändelsen kunde inte levereras', 'destination'),
    returning: ev('RETURNED', 'returned_to_sender', 'Försändelsen returneras till avsändaren', 'pickup'),
  },
  bring: {
    label: ev('PRE_NOTIFIED', 'info_received', 'The sender has booked the shipment. We have not received it yet.', 'none'),
    handed_in: ev('HANDED_IN', 'in_transit', 'The shipment has been handed in', 'origin'),
    origin_terminal: ev('TERMINAL', 'in_transit', 'The shipment has arrived at the terminal', 'origin'),
    export: ev('INTERNATIONAL', 'in_transit', 'The shipment has been sent from Finland', 'export'),
    customs: ev('CUSTOMS', 'in_transit', 'The shipment is being processed by customs', 'hub'),
    dest_terminal: ev('TERMINAL', 'in_transit', 'The shipment has arrived at the terminal', 'hub'),
    out_for_delivery: ev('TRANSPORT_TO_RECIPIENT', 'out_for_delivery', 'The shipment is on its way to the recipient', 'destination'),
    at_pickup_point: ev('READY_FOR_PICKUP', 'available_for_pickup', 'The shipment is ready for pickup', 'pickup'),
    reminder: ev('NOTIFICATION_SENT', 'available_for_pickup', 'A reminder has been sent to the recipient', 'pickup'),
    delivered: ev('DELIVERED', 'delivered', 'The shipment has been delivered', 'destination'),
    picked_up: ev('DELIVERED', 'delivered', 'The shipment has been picked up', 'pickup'),
    attempt_failed: ev('ATTEMPTED_DELIVERY', 'failed_attempt', 'We attempted to deliver the shipment. It will be sent to the closest pickup point.', 'destination'),
    exception_customs: ev('DEVIATION', 'exception', 'The shipment is held by customs. Customs needs more information.', 'hub', 'customs'),
    returning: ev('RETURN', 'returned_to_sender', 'The shipment is being returned to the sender', 'pickup'),
    returned: ev('DELIVERED_SENDER', 'returned_to_sender', 'The shipment has been returned to the sender', 'origin'),
  },
  budbee: {
    label: ev('NotStarted', 'info_received', 'Your order has been registered and is being prepared by the merchant', 'none'),
    handed_in: ev('Collected', 'in_transit', 'Your parcel has been collected from the merchant', 'origin'),
    dest_terminal: ev('CrossDocked', 'in_transit', 'Your parcel has arrived at the Budbee terminal', 'hub'),
    out_for_delivery: ev('OnRouteDelivery', 'out_for_delivery', 'The driver is on the way with your parcel', 'destination'),
    delivered: ev('Delivered', 'delivered', 'Your parcel has been delivered', 'destination'),
    // §5: in a Budbee Box "Delivered" means "in the locker"; "PickedUp" is the real delivery.
    at_pickup_point: ev('Delivered', 'available_for_pickup', 'Your parcel is ready in the Budbee Box', 'pickup'),
    picked_up: ev('PickedUp', 'delivered', 'You have picked up your parcel', 'pickup'),
    attempt_failed: ev('Miss', 'failed_attempt', 'We missed you. The driver could not deliver your parcel.', 'destination'),
    returned: ev('ReturnedToMerchant', 'returned_to_sender', 'Your parcel has been returned to the merchant', 'origin'),
  },
  dhl: {
    label: ev('pre-transit', 'info_received', 'Shipment information received', 'none'),
    handed_in: ev('transit', 'in_transit', 'Shipment picked up', 'origin'),
    origin_terminal: ev('transit', 'in_transit', 'Processed at DHL facility', 'origin'),
    export: ev('transit', 'in_transit', 'Departed from DHL facility', 'export'),
    dest_terminal: ev('transit', 'in_transit', 'Arrived at DHL delivery facility', 'hub'),
    // §6: DHL has no out-for-delivery code; the adapter reads it from the description.
    out_for_delivery: ev('transit', 'out_for_delivery', 'Shipment is out with courier for delivery', 'destination'),
    delivered: ev('delivered', 'delivered', 'Delivered', 'destination'),
    attempt_failed: ev('failure', 'failed_attempt', 'Delivery attempted; recipient not at home', 'destination'),
    exception_weather: ev('failure', 'exception', 'Delivery delayed due to adverse weather conditions', 'hub', 'weather'),
    exception_address: ev('failure', 'exception', 'Incorrect delivery address; awaiting a corrected address', 'destination', 'address_issue'),
  },
  // Instabee's locker checkpoints (fixtures/SOURCES.md). The demo does not pick Instabox (pickCarrier); this keeps the table whole.
  instabox: {
    label: ev('InitialCheckpoint', 'info_received', 'Order information received', 'none'),
    dest_terminal: ev('SortingMachineCheckpoint', 'in_transit', 'Sorted', 'hub'),
    at_pickup_point: ev('CourierDropoffCheckpoint', 'available_for_pickup', 'Dropped off at locker by courier', 'pickup'),
    picked_up: ev('CustomerPickupCheckpoint', 'delivered', 'Consumer picked up parcel from locker', 'pickup'),
    returned: ev('ReturnedToSenderCheckpoint', 'returned_to_sender', 'Parcel returned to sender', 'origin'),
  },
};

const countryNames: Record<Market, string> = { FI: 'FINLAND', SE: 'SWEDEN', NO: 'NORWAY' };

/** DHL writes "CITY - COUNTRY"; the others a plain place name. Never a street address. */
function formatLocation(carrier: Carrier, city: string, country: Market): string {
  return carrier === 'dhl' ? `${city.toUpperCase()} - ${countryNames[country]}` : city;
}

type JourneyKind =
  | 'label_only'
  | 'in_transit'
  | 'out_for_delivery'
  | 'delivered'
  | 'collected'
  | 'awaiting_pickup'
  | 'awaiting_pickup_reminded'
  | 'failed_attempt'
  | 'exception_address'
  | 'exception_customs'
  | 'exception_damaged'
  | 'exception_weather'
  | 'uncollected';

/** [milestone, business day after the label was created, local time]. */
type Step = readonly [Milestone, number, string];

/**
 * The event sequence of a journey: label in the morning, collected from the Tampere warehouse in
 * the afternoon, sorted overnight, delivered or at the pickup point on arrival day `d`.
 * `extra` adds business days for far destinations and borders (Norway clears customs).
 */
function journeySteps(kind: JourneyKind, extra: number, border: 'SE' | 'NO' | null, wait: number): Step[] {
  const route: Step[] = [
    ['label', 0, '09:10'],
    ['handed_in', 0, '15:40'],
    ['origin_terminal', 0, '20:30'],
  ];
  if (border) route.push(['export', 1, '06:30']);
  if (border === 'NO') route.push(['customs', 2, '09:40']);
  const d = 1 + extra;
  const arrived: Step[] = [...route, ['dest_terminal', d, '04:20']];
  const pickup: Step = ['at_pickup_point', d, '11:15'];
  switch (kind) {
    case 'label_only':
      return route.slice(0, 1);
    case 'in_transit':
      return arrived;
    case 'out_for_delivery':
      return [...arrived, ['out_for_delivery', d, '08:05']];
    case 'delivered':
      return [...arrived, ['out_for_delivery', d, '08:05'], ['delivered', d, '13:30']];
    case 'collected':
      return [...arrived, pickup, ['picked_up', d + wait, '17:20']];
    case 'awaiting_pickup':
      return [...arrived, pickup];
    case 'awaiting_pickup_reminded':
      return [...arrived, pickup, ['reminder', d + 3, '09:00']];
    case 'failed_attempt':
      return [...arrived, ['out_for_delivery', d, '08:05'], ['attempt_failed', d, '14:10']];
    case 'exception_address':
      return [...arrived, ['out_for_delivery', d, '08:05'], ['exception_address', d, '12:40']];
    case 'exception_damaged':
      return [...arrived, ['exception_damaged', d, '06:15']];
    case 'exception_weather':
      return [...arrived, ['exception_weather', d, '07:30']];
    case 'exception_customs':
      if (border !== 'NO') throw new Error('a customs hold needs a parcel to Norway');
      return [...route, ['exception_customs', 2, '15:30']];
    case 'uncollected':
      // Holding is 7 calendar days; six business days later it is on its way back.
      return [...arrived, pickup, ['reminder', d + 3, '09:00'], ['returning', d + 6, '07:45'], ['returned', d + 8, '13:10']];
  }
}

const pickupJourneys = new Set<JourneyKind>(['collected', 'awaiting_pickup', 'awaiting_pickup_reminded', 'uncollected']);

// ---------------------------------------------------------------------------------------------
// The story: orders the demo (and its tests) rely on, written out; the rest are generated.
// ---------------------------------------------------------------------------------------------

type ParcelSpec = {
  carrier: Carrier;
  journey: JourneyKind;
  /** Business days between the parcel's last event and today (≥ 1: nothing is dated today). */
  quietDays: number;
  /** Default: pickup for pickup journeys, home otherwise. */
  delivery?: Delivery;
  /** Indexes of the order lines in this parcel (default: every line). */
  lines?: number[];
  pickupPoint?: Omit<PickupPoint, 'id'>;
  /** Business days a collected parcel waited at the pickup point. */
  wait?: number;
};

type ReturnItemSpec = {
  line: number;
  quantity: number;
  reason: string;
  resolution: 'refund' | 'store_credit' | 'exchange';
  exchangeSku?: string;
  comment?: string;
  photo?: boolean;
};

type ReturnSpec = {
  status: 'requested' | 'approved' | 'label_issued' | 'received' | 'completed' | 'rejected';
  method: 'drop_off' | 'printerless';
  /** Business days ago, requested at 20:15 local time. */
  requestedDaysAgo: number;
  items: ReturnItemSpec[];
  rejectionReason?: string;
};

/** Message bodies can quote facts only known once the orders are numbered. */
type Facts = { orderNumber: string; firstName: string; printerlessCode: string };
type Text = string | ((facts: Facts) => string);

type CaseSpec = {
  type: (typeof schema.caseTypeEnum.enumValues)[number];
  status: 'open' | 'waiting_customer' | 'waiting_carrier' | 'resolved';
  priority: (typeof schema.casePriorityEnum.enumValues)[number];
  subject: string;
  tags: string[];
  assigned: boolean;
  /** Business days ago at local time. */
  opened: readonly [number, string];
  /** What the case is about (the order is always linked). */
  about?: 'parcel' | 'return' | 'claim';
  messages: Array<{ kind: 'customer_message' | 'reply' | 'internal_note'; afterMinutes: number; body: Text }>;
};

type ClaimSpec = {
  type: (typeof schema.claimTypeEnum.enumValues)[number];
  line: number;
  quantity: number;
  remedy: (typeof schema.claimRemedyEnum.enumValues)[number];
  description: string;
};

type OrderSpec = {
  key: string;
  locale: Locale;
  place: string;
  customer?: readonly [first: string, last: string];
  lines?: Array<readonly [sku: string, quantity: number]>;
  parcels: ParcelSpec[];
  /** Orders without (or not fully in) parcels: business days ago and local time of the order. */
  placed?: readonly [number, string];
  returns?: ReturnSpec[];
  claim?: ClaimSpec;
  case?: CaseSpec;
  /** Printed by `npm start` as a place to begin the tour. */
  sample?: string;
};

const note = (afterMinutes: number, body: Text) => ({ kind: 'internal_note' as const, afterMinutes, body });
const said = (afterMinutes: number, body: Text) => ({ kind: 'customer_message' as const, afterMinutes, body });
const reply = (afterMinutes: number, body: Text) => ({ kind: 'reply' as const, afterMinutes, body });

const storyOrders: OrderSpec[] = [
  {
    key: 'sample-fi',
    sample: 'Split delivery: Posti parcel collected from a locker, the rain jacket follows with Matkahuolto and is late (no scan for days); an outlet line is final sale; open delivery case.',
    locale: 'fi',
    place: 'hki-kamppi',
    customer: ['Helmi', 'Korhonen'],
    lines: [['TUN-FOR-M', 1], ['KEL-GRE-M', 2], ['HAL-RUS', 1], ['MYR-MOS-M', 1]],
    parcels: [
      { carrier: 'posti', journey: 'collected', quietDays: 7, lines: [0, 1, 2], wait: 1, pickupPoint: { name: 'Posti Parcel Locker Kamppi', address: 'Urho Kekkosen katu 1', postalCode: '00100', city: 'Helsinki', openingHours: 'ma–la 7–21, su 12–18' } },
      { carrier: 'matkahuolto', journey: 'in_transit', quietDays: 4, lines: [3], delivery: 'home' },
    ],
    case: {
      type: 'delivery_issue',
      status: 'open',
      priority: 'urgent',
      subject: 'Sadetakin paketti ei ole liikkunut moneen päivään',
      tags: ['late', 'matkahuolto'],
      assigned: false,
      opened: [1, '19:40'],
      about: 'parcel',
      messages: [
        said(0, (f) => `Hei! Tilauksen ${f.orderNumber} ensimmäinen paketti tuli jo, mutta sadetakin seuranta ei ole päivittynyt moneen päivään. Onko paketti kadonnut? Tarvitsisin takin ensi viikon vaellukselle.`),
        note(5, 'Matkahuolto: last scan at the destination terminal, nothing since. Ask MH to trace it before replying; offer a reship if it has not moved in 2 business days.'),
      ],
    },
  },
  {
    key: 'sample-sv',
    sample: 'Collected from a pickup point; return with an exchange (sweater M → L) and a refund line, printerless Posti code issued; exchange case waiting for the customer.',
    locale: 'sv',
    place: 'vaasa',
    customer: ['Ebba', 'Lindholm'],
    lines: [['TUN-OAT-M', 1], ['SAA-SAG-M', 1], ['LAI-SEA', 2]],
    parcels: [{ carrier: 'posti', journey: 'collected', quietDays: 9, wait: 2 }],
    returns: [
      {
        status: 'label_issued',
        method: 'printerless',
        requestedDaysAgo: 2,
        items: [
          { line: 0, quantity: 1, reason: 'too_small', resolution: 'exchange', exchangeSku: 'TUN-OAT-L' },
          { line: 1, quantity: 1, reason: 'changed_mind', resolution: 'refund' },
        ],
      },
    ],
    case: {
      type: 'exchange',
      status: 'waiting_customer',
      priority: 'normal',
      subject: 'Byte av tröja till storlek L',
      tags: ['exchange'],
      assigned: true,
      opened: [2, '20:40'],
      about: 'return',
      messages: [
        said(0, (f) => `Hej! Tröjan från order ${f.orderNumber} var tyvärr för liten – jag vill byta den mot storlek L. Skjortan returnerar jag. Hur skickar jag tillbaka dem?`),
        reply(
          790,
          (f) =>
            `Hej ${f.firstName}!\n\nTack för ditt meddelande. Returen är godkänd: skriv koden ${f.printerlessCode} tydligt på paketet och lämna det i en av Postis paketautomater – ingen etikett behövs. Vi skickar tröjan i storlek L så snart paketet har kommit fram, och skjortan återbetalas när vi har tagit emot den.\n\nVänliga hälsningar\nAino / Kuusi & Koivu`,
        ),
        note(795, 'Exchange to TUN-OAT-L: enough stock, no reservation needed. Refund the shirt when the parcel is scanned in at the warehouse.'),
      ],
    },
  },
  {
    key: 'sample-en',
    sample: 'Norway: Bring parcel held in customs (exception); delivery case waiting on the carrier.',
    locale: 'en',
    place: 'oslo',
    customer: ['Nora', 'Hansen'],
    lines: [['REV-FOR', 1], ['KAA-MID', 2]],
    parcels: [{ carrier: 'bring', journey: 'exception_customs', quietDays: 2, delivery: 'pickup' }],
    case: {
      type: 'delivery_issue',
      status: 'waiting_carrier',
      priority: 'high',
      subject: 'Parcel stuck in customs',
      tags: ['customs', 'bring'],
      assigned: true,
      opened: [1, '08:30'],
      about: 'parcel',
      messages: [
        said(0, (f) => `Hi! The tracking for order ${f.orderNumber} has said "held by customs" for days. Do I need to do something, or pay anything?`),
        reply(
          150,
          (f) =>
            `Hi ${f.firstName},\n\nThanks for letting us know. Parcels to Norway go through Norwegian customs, and Bring tells us customs needs more details. We have sent Bring the commercial invoice for your order, so there is nothing you need to do right now. We will write again as soon as the parcel moves.\n\nBest regards,\nAino / Kuusi & Koivu`,
        ),
        note(155, 'Sent the commercial invoice to the Bring customs desk. Check again in 2 business days; if still held, offer to cover the import VAT.'),
      ],
    },
  },
  // Parcels in every state, each carrier in its own words.
  { key: 'label-stale', locale: 'fi', place: 'lahti', parcels: [{ carrier: 'posti', journey: 'label_only', quietDays: 4, delivery: 'pickup' }] },
  { key: 'label-fresh', locale: 'en', place: 'espoo-tapiola', parcels: [{ carrier: 'dhl', journey: 'label_only', quietDays: 1 }] },
  { key: 'transit-fi', locale: 'fi', place: 'oulu', parcels: [{ carrier: 'posti', journey: 'in_transit', quietDays: 1 }] },
  { key: 'transit-se', locale: 'sv', place: 'stockholm', parcels: [{ carrier: 'postnord', journey: 'in_transit', quietDays: 1, delivery: 'pickup' }] },
  { key: 'out-budbee', locale: 'en', place: 'hki-kallio', parcels: [{ carrier: 'budbee', journey: 'out_for_delivery', quietDays: 1 }] },
  { key: 'out-postnord', locale: 'sv', place: 'goteborg', parcels: [{ carrier: 'postnord', journey: 'out_for_delivery', quietDays: 1 }] },
  {
    key: 'pickup-fresh',
    locale: 'fi',
    place: 'hki-kallio',
    parcels: [{ carrier: 'posti', journey: 'awaiting_pickup', quietDays: 1, pickupPoint: { name: 'K-Market Kallio', address: 'Helsinginkatu 15', postalCode: '00530', city: 'Helsinki', openingHours: 'ma–su 7–23' } }],
  },
  {
    key: 'pickup-expiring',
    locale: 'en',
    place: 'hki-kallio',
    parcels: [{ carrier: 'matkahuolto', journey: 'awaiting_pickup_reminded', quietDays: 1, pickupPoint: { name: 'R-kioski Hakaniemi', address: 'Siltasaarenkatu 4', postalCode: '00530', city: 'Helsinki', openingHours: 'ma–pe 7–21, la 9–21, su 10–20' } }],
  },
  { key: 'pickup-box', locale: 'sv', place: 'stockholm', parcels: [{ carrier: 'budbee', journey: 'awaiting_pickup', quietDays: 2 }] },
  { key: 'failed-mh', locale: 'fi', place: 'tampere', parcels: [{ carrier: 'matkahuolto', journey: 'failed_attempt', quietDays: 1 }] },
  { key: 'failed-dhl', locale: 'en', place: 'espoo-tapiola', parcels: [{ carrier: 'dhl', journey: 'failed_attempt', quietDays: 2 }] },
  { key: 'exception-address', locale: 'fi', place: 'turku', parcels: [{ carrier: 'posti', journey: 'exception_address', quietDays: 2 }] },
  { key: 'exception-damaged', locale: 'fi', place: 'jyvaskyla', parcels: [{ carrier: 'matkahuolto', journey: 'exception_damaged', quietDays: 3, delivery: 'pickup' }] },
  { key: 'exception-weather', locale: 'fi', place: 'oulu', parcels: [{ carrier: 'dhl', journey: 'exception_weather', quietDays: 1 }] },
  { key: 'returned-to-sender', locale: 'sv', place: 'porvoo', parcels: [{ carrier: 'posti', journey: 'uncollected', quietDays: 3 }] },
  { key: 'posti-abroad', locale: 'sv', place: 'uppsala', parcels: [{ carrier: 'posti', journey: 'delivered', quietDays: 11 }] },
  { key: 'bring-collected', locale: 'en', place: 'bergen', parcels: [{ carrier: 'bring', journey: 'collected', quietDays: 9, wait: 1 }] },
  // Not (fully) shipped yet: the dispatch-late check has something to find.
  { key: 'unshipped-new', locale: 'fi', place: 'kuopio', placed: [1, '21:35'], parcels: [] },
  { key: 'unshipped-new-se', locale: 'sv', place: 'goteborg', placed: [1, '10:05'], parcels: [] },
  { key: 'unshipped-late', locale: 'en', place: 'hki-kruununhaka', placed: [3, '14:20'], parcels: [] },
  {
    key: 'partial',
    locale: 'fi',
    place: 'tampere',
    lines: [['SAA-WHI-L', 1], ['REV-OAT', 1]],
    // The blanket is backordered (stock 0): fulfilled 0 of 1.
    parcels: [{ carrier: 'matkahuolto', journey: 'collected', quietDays: 4, lines: [0], wait: 1 }],
  },
  // Returns in six states.
  {
    key: 'return-requested',
    locale: 'fi',
    place: 'hki-kruununhaka',
    lines: [['SAA-WHI-M', 1], ['LAI-NAT', 1]],
    parcels: [{ carrier: 'posti', journey: 'delivered', quietDays: 5 }],
    returns: [
      {
        status: 'requested',
        method: 'drop_off',
        requestedDaysAgo: 1,
        items: [{ line: 0, quantity: 1, reason: 'not_as_described', resolution: 'refund', comment: 'Paita on paljon kellertävämpi kuin tuotekuvissa.', photo: true }],
      },
    ],
    case: {
      type: 'return',
      status: 'open',
      priority: 'normal',
      subject: 'Palautus: Saaristo-pellavapaita',
      tags: ['return', 'photo-review'],
      assigned: false,
      opened: [1, '20:40'],
      about: 'return',
      messages: [
        said(0, 'Paita on paljon kellertävämpi kuin tuotekuvissa. Haluaisin palauttaa sen.'),
        note(3, '"Not as described" needs a look at the photo before approval.'),
      ],
    },
  },
  {
    key: 'return-approved',
    locale: 'sv',
    place: 'stockholm',
    lines: [['MYR-NAV-L', 1]],
    parcels: [{ carrier: 'postnord', journey: 'collected', quietDays: 6, wait: 2 }],
    returns: [{ status: 'approved', method: 'drop_off', requestedDaysAgo: 1, items: [{ line: 0, quantity: 1, reason: 'changed_mind', resolution: 'refund' }] }],
  },
  {
    key: 'return-received',
    locale: 'fi',
    place: 'lahti',
    lines: [['KAA-SNO', 2], ['LAI-RUS', 1]],
    parcels: [{ carrier: 'posti', journey: 'collected', quietDays: 10, wait: 0 }],
    returns: [
      {
        status: 'received',
        method: 'drop_off',
        requestedDaysAgo: 6,
        items: [{ line: 0, quantity: 1, reason: 'damaged', resolution: 'refund', comment: 'Toinen mukeista oli haljennut jo paketissa.', photo: true }],
      },
    ],
  },
  {
    key: 'return-completed',
    locale: 'fi',
    place: 'turku',
    lines: [['TUN-CHA-L', 1], ['KEL-RUS-M', 1]],
    parcels: [{ carrier: 'matkahuolto', journey: 'collected', quietDays: 16, wait: 1 }],
    returns: [{ status: 'completed', method: 'drop_off', requestedDaysAgo: 12, items: [{ line: 0, quantity: 1, reason: 'too_big', resolution: 'refund' }] }],
  },
  {
    key: 'return-rejected',
    locale: 'en',
    place: 'hki-kamppi',
    lines: [['HAL-RUS', 1], ['KEL-RUS-L', 1]],
    parcels: [{ carrier: 'posti', journey: 'delivered', quietDays: 8 }],
    returns: [
      {
        status: 'rejected',
        method: 'drop_off',
        requestedDaysAgo: 5,
        items: [{ line: 0, quantity: 1, reason: 'changed_mind', resolution: 'refund' }],
        rejectionReason: 'Outlet items are final sale and cannot be returned.',
      },
    ],
  },
  // Claims and questions.
  {
    key: 'claim-mug',
    locale: 'fi',
    place: 'tampere',
    lines: [['KAA-CLA', 2], ['LAI-SEA', 1]],
    parcels: [{ carrier: 'budbee', journey: 'delivered', quietDays: 3 }],
    claim: { type: 'damaged', line: 0, quantity: 1, remedy: 'replacement', description: 'Toinen Kaamos-muki oli haljennut, kun avasin paketin.' },
    case: {
      type: 'claim',
      status: 'open',
      priority: 'high',
      subject: 'Muki saapui rikki',
      tags: ['claim', 'damaged'],
      assigned: false,
      opened: [1, '12:05'],
      about: 'claim',
      messages: [
        said(0, (f) => `Hei, tilauksen ${f.orderNumber} toinen Kaamos-muki oli haljennut, kun avasin paketin. Liitin kuvan. Voisitteko lähettää uuden?`),
        note(20, 'Budbee home delivery, box intact according to the customer. A replacement costs less than a carrier claim: approve the reship.'),
      ],
    },
  },
  {
    key: 'question',
    locale: 'fi',
    place: 'jyvaskyla',
    lines: [['TUN-FOR-S', 1]],
    parcels: [{ carrier: 'posti', journey: 'collected', quietDays: 9, wait: 1 }],
    case: {
      type: 'question',
      status: 'resolved',
      priority: 'low',
      subject: 'Merinovillaneuleen pesu',
      tags: ['product-care'],
      assigned: true,
      opened: [6, '18:45'],
      messages: [
        said(0, 'Hei! Miten Tunturi-neuletta kuuluu pestä? Voiko sen laittaa pesukoneeseen?'),
        reply(
          900,
          (f) =>
            `Hei ${f.firstName}!\n\nMerinovilla puhdistuu pitkälti tuulettamalla. Kun neule tarvitsee pesua, pese se käsin tai koneen villaohjelmalla 30 asteessa villapesuaineella ja kuivaa tasaisella alustalla.\n\nYstävällisin terveisin\nAino / Kuusi & Koivu`,
        ),
        said(960, 'Kiitos nopeasta vastauksesta!'),
        note(970, 'Third care question this month: worth a care-instructions entry on the product page.'),
      ],
    },
  },
];

/** Sample orders are printed in this order. */
const sampleLocales: Locale[] = ['fi', 'sv', 'en'];

const TOTAL_ORDERS = 60;
/** Collected Posti parcels to Kallio last calendar month (issue #18), beside the 60 story orders. */
export const HISTORY_ORDERS = 24;
const HISTORY_NUMBER_START = 203101;

/** Business days from `date` to `today` (weekends skipped, like the rest of the demo calendar). */
function businessDaysFrom(date: string, today: string): number {
  let n = 0;
  for (let d = date; d < today; ) {
    d = addDays(d, 1);
    if (!isWeekend(d)) n += 1;
  }
  return n;
}

/**
 * The delivery history: HISTORY_ORDERS Posti parcels to Helsinki Kallio collected on business days of
 * the last calendar month (most on the day they arrived, some a day or two later), and one parcel on
 * the same route labelled yesterday, whose estimate then shows a window with how sure it is.
 */
function deliveryHistory(today: string): OrderSpec[] {
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  const lastMonthStart = `${addDays(firstOfMonth, -1).slice(0, 7)}-01`;
  const days: string[] = [];
  for (let d = lastMonthStart; d < firstOfMonth; d = addDays(d, 1)) if (!isWeekend(d)) days.push(d);
  const waits = [0, 0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 0];
  const specs: OrderSpec[] = Array.from({ length: HISTORY_ORDERS }, (_, i) => ({
    key: `history-${i + 1}`,
    locale: i % 3 === 1 ? 'sv' : i % 3 === 2 ? 'en' : 'fi',
    place: 'hki-kallio',
    parcels: [{ carrier: 'posti', journey: 'collected', delivery: 'pickup', quietDays: businessDaysFrom(days[(i * 7) % days.length]!, today), wait: waits[i % waits.length]! }],
  }));
  specs.push({
    key: 'window-fi',
    locale: 'fi',
    place: 'hki-kallio',
    parcels: [{ carrier: 'posti', journey: 'label_only', delivery: 'pickup', quietDays: 1 }],
  });
  return specs;
}

/**
 * Predictions as the app makes them (lib/tracking/transit-window.ts, the same groups and rules) from the
 * demo's own delivered parcels: the window and its confidence for parcels on their way, and the first
 * estimate (what "promise kept" counts against) for every shipped outbound parcel. Demo shortcut: the
 * first estimates are made from the whole history, not only from what was delivered before each parcel left.
 */
function predictDemoParcels(data: DemoData, orders: DemoData['orders']) {
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const where = (s: DemoData['shipments'][number]) => {
    const o = orderOf.get(s.orderId)!;
    return { country: o.shippingCountry ?? 'FI', postalCode: o.shippingPostalCode ?? '' };
  };
  const outbound = data.shipments.filter((s) => s.direction === 'outbound' && s.shippedAt);
  const groups = learnGroups(
    outbound
      .filter((s) => s.status === 'delivered' && s.deliveredAt)
      .map((s) => ({ carrier: s.carrier, service: s.service ?? null, ...where(s), days: businessDaysBetween(shopDate(s.shippedAt as Date), shopDate(s.deliveredAt as Date)) })),
  );
  for (const s of outbound) {
    const { country, postalCode } = where(s);
    const group = pickGroup(groups, s.carrier, s.service, country, postalCode);
    if (!group) continue;
    const shipDate = shopDate(s.shippedAt as Date);
    const estimate = groupEstimate(group, (days) => addHolidayBusinessDays(shipDate, days));
    s.firstEstimateBy = estimate.to;
    if (s.status === 'delivered' || s.status === 'returned_to_sender') continue;
    Object.assign(s, {
      predictedDate: estimate.date,
      predictedFrom: estimate.from,
      predictedTo: estimate.to,
      predictedHits: estimate.hits,
      predictedSamples: estimate.samples,
      predictedBasis: estimate.basis,
    });
  }
}
const ORDER_NUMBER_START = 204101;

/** Everyday orders around the story: mostly delivered, some still on the way. */
function generatedOrders(rng: Random): OrderSpec[] {
  const count = TOTAL_ORDERS - storyOrders.length;
  const specs: OrderSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const locale = rng.weighted<Locale>([['fi', 2], ['sv', 1], ['en', 1]]);
    const place = placeOf(rng.weighted(homesByLocale[locale]));
    const carrier = pickCarrier(rng, place);
    const delivery: Delivery = carrier === 'dhl' ? 'home' : rng.chance(0.7) ? 'pickup' : 'home';
    const arrived = rng.chance(0.88);
    const journey: JourneyKind = !arrived ? 'in_transit' : delivery === 'pickup' ? 'collected' : 'delivered';
    specs.push({
      key: `order-${i}`,
      locale,
      place: place.key,
      parcels: [{ carrier, journey, delivery, quietDays: arrived ? rng.int(2, 26) : 1, wait: rng.int(0, 3) }],
    });
  }
  return specs;
}

function pickCarrier(rng: Random, place: Place): Carrier {
  switch (place.country) {
    case 'FI':
      return rng.weighted<Carrier>([['posti', 5], ['matkahuolto', 3], ['budbee', place.budbee ? 1.5 : 0], ['dhl', 1]]);
    case 'SE':
      return rng.weighted<Carrier>([['postnord', 3], ['budbee', place.budbee ? 1 : 0]]);
    case 'NO':
      return 'bring';
  }
}

function randomLines(rng: Random, bySku: Map<string, VariantRow & { product: Product }>): Array<readonly [string, number]> {
  const wanted = rng.weighted([[1, 45], [2, 30], [3, 17], [4, 8]]);
  const chosen = new Set<Product>();
  while (chosen.size < wanted) chosen.add(rng.weighted(products.map((p) => [p, p.weight] as const)));
  return [...chosen].map((product) => {
    const color = rng.pick(product.colors);
    const size = product.sizes ? rng.weighted(product.sizes.map((s) => [s, s === 'M' || s === 'L' ? 3 : 1] as const)) : undefined;
    const sku = skuOf(product, color, size);
    if (!bySku.has(sku)) throw new Error(`generated unknown sku ${sku}`);
    const quantity = product.multiples ? rng.weighted([[1, 6], [2, 3], [3, 1]]) : rng.chance(0.1) ? 2 : 1;
    return [sku, quantity] as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Building the rows
// ---------------------------------------------------------------------------------------------

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export type DemoData = {
  shopSettings: typeof shopSettings;
  staff: Array<Insert<typeof schema.staffUsers> & { id: string; password: string; role: StaffRole }>;
  returnPolicy: Insert<typeof schema.returnPolicies>;
  variants: VariantRow[];
  orders: Array<Insert<typeof schema.orders> & { id: string }>;
  orderLines: Array<Insert<typeof schema.orderLines>>;
  shipments: Array<Insert<typeof schema.shipments>>;
  shipmentLines: Array<Insert<typeof schema.shipmentLines>>;
  trackingEvents: Array<Insert<typeof schema.trackingEvents>>;
  /** `rma_number` comes from the database sequence at insert time. */
  returns: Array<Omit<Insert<typeof schema.returns>, 'rmaNumber'>>;
  returnItems: Array<Insert<typeof schema.returnItems>>;
  photos: Array<Insert<typeof schema.photos>>;
  claims: Array<Insert<typeof schema.claims>>;
  refunds: Array<Insert<typeof schema.refunds>>;
  cases: Array<Insert<typeof schema.cases>>;
  caseMessages: Array<Insert<typeof schema.caseMessages>>;
  caseEvents: RecordEventInput[];
  samples: Array<{ orderId: string; locale: Locale; description: string }>;
};

type OrderLineRow = Insert<typeof schema.orderLines> & { id: string; unitPrice: number; quantity: number; fulfilledQuantity: number; returnRequestedQuantity: number; returnedQuantity: number };

type Customer = { first: string; last: string; email: string; phone: string | null; line1: string; line2: string | null; place: Place; locale: Locale };

type ParcelTimeline = { shipDate: string; steps: Array<{ milestone: Milestone; at: Date }> };

/**
 * Everything the demo shop consists of, as rows. Pure: the same Helsinki day gives the same rows.
 * Throws when the story contradicts itself (an event dated today, a return before delivery, …).
 */
export function buildDemoData(now: Date): DemoData {
  const today = shopDate(now);
  const startOfToday = shopTime(today, '00:00');
  // The delivery history (issue #18) switches to its own stream, so the story's orders stay as they were.
  let rng = new Random('orders');
  const { rows: variants, bySku } = buildVariants(startOfToday);

  const data: DemoData = {
    shopSettings,
    staff: demoStaff.map((s) => ({
      id: demoId('staff', s.email),
      email: s.email,
      name: s.name,
      role: s.role,
      locale: s.locale,
      password: s.password,
      passwordHash: '',
      ...(s.role === 'admin' ? { totpSecret: DEMO_ADMIN_TOTP_SECRET, totpEnabledAt: new Date(`${today}T06:00:00Z`) } : {}),
    })),
    returnPolicy: {
      id: demoId('return_policy', 'standard'),
      name: 'Standard returns (30 days)',
      isActive: true,
      windowDays: 30,
      finalSaleReturnable: false,
      feesByMarket,
      reasons: returnReasons,
      exchangeBonusPercent: EXCHANGE_BONUS_PERCENT,
      maxOpenReturnsPerOrder: 3,
    },
    variants,
    orders: [],
    orderLines: [],
    shipments: [],
    shipmentLines: [],
    trackingEvents: [],
    returns: [],
    returnItems: [],
    photos: [],
    claims: [],
    refunds: [],
    cases: [],
    caseMessages: [],
    caseEvents: [],
    samples: [],
  };

  const usedTrackingNumbers = new Set<string>();
  const usedEmails = new Map<string, Customer>();
  const customersByLocale: Record<Locale, Customer[]> = { fi: [], sv: [], en: [] };

  const past = (what: string, at: Date): Date => {
    if (at.getTime() >= startOfToday.getTime()) throw new Error(`demo data: ${what} is dated today or later (${at.toISOString()})`);
    return at;
  };
  const businessDaysAgo = (n: number) => addBusinessDays(today, -n);
  const jitter = () => rng.int(0, 20);

  function customerFor(spec: OrderSpec): Customer {
    const place = placeOf(spec.place);
    // About one order in seven comes from a returning customer at the same address, so a lookup
    // by email finds several orders.
    const regulars = customersByLocale[spec.locale].filter((c) => c.place.key === place.key);
    if (!spec.customer && regulars.length > 0 && rng.chance(0.15)) return rng.pick(regulars);

    const names = namesByLocale[spec.locale];
    const [first, last] = spec.customer ?? [rng.pick(names.first), rng.pick(names.last)];
    const local = emailLocalPart(first, last);
    const domain = emailDomain(rng, spec.locale, place.country);
    let email = `${local}@${domain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${domain}`;

    const [streetFi, streetSv] = rng.pick(place.streets);
    const street = spec.locale === 'sv' && streetSv ? streetSv : streetFi;
    const apartment = place.country === 'FI' && rng.chance(0.6) ? ` ${rng.pick(['A', 'B', 'C'])} ${rng.int(1, 40)}` : '';
    const customer: Customer = {
      first,
      last,
      email,
      phone: rng.chance(0.6) ? phoneNumber(rng, place.country) : null,
      line1: `${street} ${rng.int(1, 48)}${apartment}`,
      // Swedish flats are addressed by lägenhetsnummer on a second line.
      line2: place.country === 'SE' ? `lgh ${rng.int(1001, 1304)}` : null,
      place,
      locale: spec.locale,
    };
    usedEmails.set(email, customer);
    customersByLocale[spec.locale].push(customer);
    return customer;
  }

  function timeline(parcel: ParcelSpec, place: Place): ParcelTimeline {
    const border = place.country === 'FI' ? null : place.country;
    const extra = place.extraDays + (border === 'SE' ? 1 : border === 'NO' ? 2 : 0);
    const steps = journeySteps(parcel.journey, extra, border, parcel.wait ?? 1);
    const lastDay = Math.max(...steps.map(([, day]) => day));
    const shipDate = businessDaysAgo(lastDay + parcel.quietDays);
    let previous = 0;
    const dated = steps
      .filter(([milestone]) => carrierEvents[parcel.carrier][milestone] || !optionalMilestones.has(milestone))
      .map(([milestone, day, time]) => {
        const at = past(`${parcel.carrier} ${milestone}`, shopTime(addBusinessDays(shipDate, day), time, jitter()));
        if (at.getTime() <= previous) throw new Error(`demo data: ${milestone} is not after the step before it`);
        previous = at.getTime();
        return { milestone, at };
      });
    return { shipDate, steps: dated };
  }

  type BuiltShipment = { id: string; deliveredAt: Date | null; lineIds: string[] };

  /** One shipment with its lines and events, its summary columns derived from the events. */
  function addShipment(args: {
    key: string;
    orderId: string;
    direction: 'outbound' | 'return';
    carrier: Carrier;
    service: string;
    abroad: boolean;
    steps: Array<{ milestone: Milestone; at: Date }>;
    locations: Record<Where, string | null>;
    country: Market;
    lines: Array<{ orderLineId: string; quantity: number }>;
    pickupPoint: PickupPoint | null;
    promisedDate: string | null;
    carrierEta: string | null;
  }): BuiltShipment {
    const id = demoId('shipment', args.key);
    let number = trackingNumber(rng, args.carrier, args.abroad);
    while (usedTrackingNumbers.has(number)) number = trackingNumber(rng, args.carrier, args.abroad);
    usedTrackingNumbers.add(number);

    const events = args.steps.map(({ milestone, at }, seq) => {
      const event = carrierEvents[args.carrier][milestone];
      if (!event) throw new Error(`demo data: ${args.carrier} has no wording for ${milestone}`);
      const place = args.locations[event.where];
      return {
        shipmentId: id,
        carrier: args.carrier,
        trackingNumber: number,
        carrierCode: event.code,
        status: event.status,
        subStatus: event.subStatus ?? null,
        description: event.text,
        location: place && formatLocation(args.carrier, place, event.where === 'export' ? 'FI' : args.country),
        occurredAt: at,
        // Adapters poll or receive pushes a few minutes after the scan.
        receivedAt: new Date(at.getTime() + minutes(rng.int(1, 9))),
        source: 'seed' as const,
        dedupeKey: `${args.carrier}:${number}:${seq + 1}`,
      };
    });
    const last = events[events.length - 1];
    if (!last) throw new Error('demo data: a shipment without events');
    const delivered = events.find((e) => e.status === 'delivered');
    const arrivedAtPickup = events.find((e) => e.status === 'available_for_pickup');
    const firstScan = events.find((e) => e.status !== 'info_received');
    const final = last.status === 'delivered' || last.status === 'returned_to_sender';

    data.shipments.push({
      id,
      orderId: args.orderId,
      direction: args.direction,
      carrier: args.carrier,
      service: args.service,
      trackingNumber: number,
      status: last.status,
      subStatus: last.subStatus,
      promisedDate: args.promisedDate,
      // PostNord and others drop the ETA once delivered (§2.1).
      carrierEta: final ? null : args.carrierEta,
      pickupPoint: args.pickupPoint,
      pickupDeadline: arrivedAtPickup && args.pickupPoint ? addDays(shopDate(arrivedAtPickup.occurredAt), carrierCatalog[args.carrier].holdingDays) : null,
      shippedAt: events[0]!.occurredAt,
      firstScanAt: firstScan?.occurredAt ?? null,
      lastEventAt: last.occurredAt,
      deliveredAt: delivered?.occurredAt ?? null,
      createdAt: events[0]!.occurredAt,
    });
    data.trackingEvents.push(...events);
    for (const line of args.lines) {
      data.shipmentLines.push({ id: demoId('shipment_line', `${args.key}:${line.orderLineId}`), shipmentId: id, ...line });
    }
    return { id, deliveredAt: delivered?.occurredAt ?? null, lineIds: args.lines.map((l) => l.orderLineId) };
  }

  // 1. Orders with lines and outbound parcels, in story order; numbered by placement time afterwards.
  type Built = { spec: OrderSpec; order: DemoData['orders'][number]; customer: Customer; lines: OrderLineRow[]; parcels: BuiltShipment[] };
  const built: Built[] = [];

  function buildOrder(spec: OrderSpec): Built {
    const customer = customerFor(spec);
    const place = customer.place;
    const orderId = demoId('order', spec.key);
    const market = place.country;

    const lines: OrderLineRow[] = (spec.lines ?? randomLines(rng, bySku)).map(([sku, quantity], position) => {
      const variant = bySku.get(sku);
      if (!variant) throw new Error(`demo data: unknown sku ${sku}`);
      return {
        id: demoId('order_line', `${spec.key}:${position}`),
        orderId,
        position,
        sku,
        title: variant.title,
        variantOptions: variant.options,
        imageUrl: variant.imageUrl ?? null,
        unitPrice: variant.price,
        quantity,
        finalSale: variant.product.finalSale ?? false,
        fulfilledQuantity: 0,
        returnRequestedQuantity: 0,
        returnedQuantity: 0,
        writtenOffQuantity: 0,
      };
    });

    const timelines = spec.parcels.map((parcel) => timeline(parcel, place));
    const firstShipDate = timelines.map((t) => t.shipDate).sort()[0];
    // Placed the day before the first parcel left (weekend orders ship on Monday), or as the story says.
    const placedAt = firstShipDate
      ? shopTime(addDays(firstShipDate, -1), `${String(rng.int(7, 22)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`)
      : spec.placed
        ? shopTime(businessDaysAgo(spec.placed[0]), spec.placed[1])
        : undefined;
    if (!placedAt) throw new Error(`demo data: ${spec.key} has neither parcels nor a placement date`);
    past(`order ${spec.key}`, placedAt);

    const parcels = spec.parcels.map((parcel, index) => {
      const { shipDate, steps } = timelines[index]!;
      const abroad = market !== 'FI';
      const delivery = parcel.delivery ?? (pickupJourneys.has(parcel.journey) ? 'pickup' : 'home');
      const service = services[parcel.carrier];
      const pickupPoint = delivery === 'pickup' ? (parcel.pickupPoint ? { id: rng.digits(6), ...parcel.pickupPoint } : pickupPointFor(rng, parcel.carrier, place)) : null;
      const transit = carrierCatalog[parcel.carrier].transitBusinessDays;
      const extraDays = place.extraDays + (abroad ? 1 : 0);
      const lineIndexes = parcel.lines ?? lines.map((_, i) => i);
      const shipped = lineIndexes.map((i) => {
        const line = lines[i];
        if (!line) throw new Error(`demo data: ${spec.key} has no line ${i}`);
        line.fulfilledQuantity += line.quantity;
        return { orderLineId: line.id, quantity: line.quantity };
      });
      return addShipment({
        key: `${spec.key}:${index}`,
        orderId,
        direction: 'outbound',
        carrier: parcel.carrier,
        service: (abroad && service.abroad) || (delivery === 'pickup' && service.pickup) || service.home,
        abroad,
        steps,
        locations: {
          none: null,
          origin: WAREHOUSE_CITY,
          hub: place.hub,
          export: EXPORT_HUB,
          destination: place.city,
          pickup: pickupPoint ? `${pickupPoint.name}, ${place.city}` : null,
        },
        country: market,
        lines: shipped,
        pickupPoint,
        // The shop promises the carrier's slow case: 2–4 business days.
        promisedDate: addBusinessDays(shipDate, Math.min(4, Math.max(2, transit.max + extraDays))),
        // Carriers with an ETA in their API (PostNord, Bring, Budbee, DHL); Posti and Matkahuolto give none.
        carrierEta: parcel.carrier === 'posti' || parcel.carrier === 'matkahuolto' ? null : addBusinessDays(shipDate, transit.typical + extraDays),
      });
    });

    const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    // Free delivery from 100 €; cross-border costs more.
    const shippingAmount = subtotal >= 10_000 ? 0 : market === 'FI' ? 590 : 990;
    const paymentMethod =
      market === 'FI'
        ? rng.weighted([['card', 35], ['MobilePay', 30], ['Klarna', 20], ['bank', 15]])
        : rng.weighted([['card', 50], ['Klarna', 50]]);

    const order: DemoData['orders'][number] = {
      id: orderId,
      orderNumber: '',
      email: customer.email,
      customerName: `${customer.first} ${customer.last}`,
      phone: customer.phone,
      locale: spec.locale,
      currency: 'EUR',
      market,
      placedAt,
      shippingName: `${customer.first} ${customer.last}`,
      shippingLine1: customer.line1,
      shippingLine2: customer.line2,
      shippingPostalCode: place.postalCode,
      shippingCity: spec.locale === 'sv' && place.citySv ? place.citySv : place.city,
      shippingCountry: market,
      paymentMethod,
      shippingAmount,
      capturedAmount: subtotal + shippingAmount,
      createdAt: placedAt,
    };
    return { spec, order, customer, lines, parcels };
  }
  for (const spec of [...storyOrders, ...generatedOrders(rng)]) built.push(buildOrder(spec));

  // 2. Order numbers follow placement time, like a real shop's counter.
  built.sort((a, b) => a.order.placedAt.getTime() - b.order.placedAt.getTime() || a.spec.key.localeCompare(b.spec.key));
  built.forEach((b, i) => {
    b.order.orderNumber = `KK-${ORDER_NUMBER_START + i}`;
  });

  // 3. Returns, claims and cases, now that facts (order numbers) are known.
  for (const { spec, order, customer, lines, parcels } of built) {
    const facts: Facts = { orderNumber: order.orderNumber, firstName: customer.first, printerlessCode: '' };
    const deliveredAt = Math.max(...parcels.map((p) => p.deliveredAt?.getTime() ?? 0));
    let returnId: string | null = null;

    for (const [index, r] of (spec.returns ?? []).entries()) {
      returnId = demoId('return', `${spec.key}:${index}`);
      const requestedAt = past('return request', shopTime(businessDaysAgo(r.requestedDaysAgo), '20:15', jitter()));
      if (!deliveredAt || requestedAt.getTime() <= deliveredAt) throw new Error(`demo data: ${spec.key} return before delivery`);
      const reached = (status: ReturnSpec['status']) => {
        const flow = ['requested', 'approved', 'label_issued', 'received', 'completed'];
        return r.status !== 'rejected' && flow.indexOf(r.status) >= flow.indexOf(status);
      };
      const market = order.market as Market;
      const reasons = r.items.map((item) => {
        const reason = findReason(item.reason);
        if (!reason) throw new Error(`demo data: unknown return reason ${item.reason}`);
        return reason;
      });
      const fee = reasons.some((reason) => reason.feeWaived) ? 0 : (feesByMarket[market]?.amount ?? 0);
      const value = (resolution: ReturnItemSpec['resolution']) =>
        r.items.filter((i) => i.resolution === resolution).reduce((sum, i) => sum + lines[i.line]!.unitPrice * i.quantity, 0);

      const approvedAt = reached('approved') ? new Date(requestedAt.getTime() + minutes(2)) : null;
      const labelIssuedAt = reached('label_issued') ? new Date(requestedAt.getTime() + minutes(3)) : null;
      const returnCarrier: Carrier = market === 'SE' ? 'postnord' : spec.parcels[0]?.carrier === 'matkahuolto' ? 'matkahuolto' : 'posti';
      const dropOffPoint = r.method === 'drop_off' && market !== 'NO' ? pickupPointFor(rng, returnCarrier, customer.place) : null;
      // Posti's Helposti code is six hex characters (§1.5); Matkahuolto's activation code seven digits (§3.5).
      const printerlessCode = r.method === 'printerless' ? (returnCarrier === 'matkahuolto' ? rng.digits(7) : rng.chars('0123456789ABCDEF', 6)) : null;
      facts.printerlessCode = printerlessCode ?? '';

      // The return parcel exists from the moment a label (or code) is issued.
      let returnShipmentId: string | null = null;
      let receivedAt: Date | null = null;
      if (labelIssuedAt) {
        const requestDate = shopDate(requestedAt);
        const steps: Array<{ milestone: Milestone; at: Date }> = [{ milestone: 'label', at: labelIssuedAt }];
        if (reached('received')) {
          steps.push(
            { milestone: 'handed_in', at: past('return drop-off', shopTime(addBusinessDays(requestDate, 1), '12:10', jitter())) },
            { milestone: 'origin_terminal', at: past('return sorting', shopTime(addBusinessDays(requestDate, 1), '20:30', jitter())) },
            { milestone: 'delivered', at: past('return arrival', shopTime(addBusinessDays(requestDate, 2), '10:05', jitter())) },
          );
        }
        const shipment = addShipment({
          key: `${spec.key}:return:${index}`,
          orderId: order.id,
          direction: 'return',
          carrier: returnCarrier,
          service: services[returnCarrier].returns ?? services[returnCarrier].home,
          abroad: false,
          steps,
          // Reversed: from the customer's town back to the warehouse.
          locations: { none: null, origin: customer.place.city, hub: WAREHOUSE_CITY, export: EXPORT_HUB, destination: WAREHOUSE_CITY, pickup: null },
          country: market,
          lines: r.items.map((i) => ({ orderLineId: lines[i.line]!.id, quantity: i.quantity })),
          pickupPoint: null,
          promisedDate: null,
          carrierEta: null,
        });
        returnShipmentId = shipment.id;
        receivedAt = shipment.deliveredAt && new Date(shipment.deliveredAt.getTime() + minutes(120));
      }
      const inspectedAt = reached('completed') && receivedAt ? new Date(receivedAt.getTime() + minutes(180)) : null;
      const completedAt = inspectedAt && new Date(inspectedAt.getTime() + minutes(5));
      const rejectedAt = r.status === 'rejected' ? past('return rejection', shopTime(addBusinessDays(shopDate(requestedAt), 1), '10:15', jitter())) : null;
      if (completedAt) past('return completion', completedAt);

      data.returns.push({
        id: returnId,
        orderId: order.id,
        status: r.status,
        method: r.method,
        carrier: returnCarrier,
        dropOffPoint: dropOffPoint && { id: dropOffPoint.id, name: dropOffPoint.name, address: `${dropOffPoint.address}, ${dropOffPoint.postalCode} ${dropOffPoint.city}` },
        fee,
        currency: 'EUR',
        estimatedRefund: Math.max(0, value('refund') - fee),
        estimatedCredit: Math.round((value('store_credit') * (100 + EXCHANGE_BONUS_PERCENT)) / 100),
        printerlessCode: labelIssuedAt ? printerlessCode : null,
        returnShipmentId,
        rejectionReason: r.rejectionReason ?? null,
        requestedAt,
        approvedAt,
        labelIssuedAt,
        receivedAt,
        inspectedAt,
        completedAt,
        rejectedAt,
        createdAt: requestedAt,
      });

      for (const [itemIndex, item] of r.items.entries()) {
        const line = lines[item.line]!;
        const itemId = demoId('return_item', `${returnId}:${itemIndex}`);
        // Counters as the return flow keeps them: requested until received, then returned; a rejection releases them.
        if (r.status === 'received' || r.status === 'completed') line.returnedQuantity += item.quantity;
        else if (r.status !== 'rejected') line.returnRequestedQuantity += item.quantity;
        if (line.returnRequestedQuantity + line.returnedQuantity > line.fulfilledQuantity) throw new Error(`demo data: ${spec.key} returns more than was shipped`);
        const exchangeVariant = item.exchangeSku ? bySku.get(item.exchangeSku) : undefined;
        if (item.exchangeSku && !exchangeVariant) throw new Error(`demo data: unknown exchange sku ${item.exchangeSku}`);
        data.returnItems.push({
          id: itemId,
          returnId,
          orderLineId: line.id,
          quantity: item.quantity,
          reasonCode: item.reason,
          comment: item.comment ?? null,
          resolution: item.resolution,
          exchangeVariantId: exchangeVariant?.id ?? null,
          receivedQuantity: receivedAt ? item.quantity : 0,
          inspectionGrade: inspectedAt ? 'as_new' : null,
          restock: inspectedAt ? true : null,
          createdAt: requestedAt,
        });
        if (item.photo) data.photos.push(photoRow(demoId('photo', itemId), { returnItemId: itemId }, requestedAt));
      }

      if (completedAt && value('refund') > 0) {
        data.refunds.push({
          id: demoId('refund', returnId),
          orderId: order.id,
          returnId,
          amount: value('refund') - fee,
          currency: 'EUR',
          reason: 'Return completed',
          createdByStaffId: AGENT_ID,
          // Paid back on the demo rail (lib/refunds/rails/demo.ts), which settles at once.
          status: 'succeeded',
          rail: 'demo',
          settledAt: completedAt,
          nextAttemptAt: null,
          createdAt: completedAt,
        });
      }
    }

    let claimId: string | null = null;
    if (spec.claim) {
      const c = spec.claim;
      claimId = demoId('claim', spec.key);
      const openedAt = spec.case ? shopTime(businessDaysAgo(spec.case.opened[0]), spec.case.opened[1]) : new Date(deliveredAt + minutes(60));
      data.claims.push({
        id: claimId,
        orderId: order.id,
        orderLineId: lines[c.line]!.id,
        shipmentId: parcels[0]?.id ?? null,
        type: c.type,
        status: 'open',
        quantity: c.quantity,
        description: c.description,
        requestedRemedy: c.remedy,
        createdAt: openedAt,
      });
      data.photos.push(photoRow(demoId('photo', claimId), { claimId }, openedAt));
    }

    if (spec.case) addCase(spec.case, { spec, order, customer, facts, returnId, claimId, shipmentId: relevantParcel(parcels) });
    if (spec.sample) data.samples.push({ orderId: order.id, locale: spec.locale, description: spec.sample });
  }

  /** The parcel a delivery case is about: the one not delivered, else the last. */
  function relevantParcel(parcels: BuiltShipment[]): string | null {
    return (parcels.find((p) => !p.deliveredAt) ?? parcels[parcels.length - 1])?.id ?? null;
  }

  function addCase(c: CaseSpec, ctx: { spec: OrderSpec; order: DemoData['orders'][number]; customer: Customer; facts: Facts; returnId: string | null; claimId: string | null; shipmentId: string | null }) {
    const caseId = demoId('case', ctx.spec.key);
    const createdAt = past(`case ${ctx.spec.key}`, shopTime(businessDaysAgo(c.opened[0]), c.opened[1]));
    const at = (afterMinutes: number) => past(`case message ${ctx.spec.key}`, new Date(createdAt.getTime() + minutes(afterMinutes)));
    const messages = c.messages.map((m, i) => ({
      id: demoId('case_message', `${caseId}:${i}`),
      caseId,
      kind: m.kind,
      authorStaffId: m.kind === 'customer_message' ? null : AGENT_ID,
      body: typeof m.body === 'function' ? m.body(ctx.facts) : m.body,
      // Staff notes are written in the desk's language; everything else in the customer's.
      locale: m.kind === 'internal_note' ? ('en' as const) : ctx.spec.locale,
      createdAt: at(m.afterMinutes),
    }));
    const firstReply = messages.find((m) => m.kind === 'reply');
    const lastMessageAt = messages.filter((m) => m.kind !== 'internal_note').at(-1)?.createdAt ?? createdAt;
    data.cases.push({
      id: caseId,
      type: c.type,
      status: c.status,
      priority: c.priority,
      subject: c.subject,
      orderId: ctx.order.id,
      returnId: c.about === 'return' ? ctx.returnId : null,
      claimId: c.about === 'claim' ? ctx.claimId : null,
      shipmentId: c.about === 'parcel' ? ctx.shipmentId : null,
      customerEmail: ctx.customer.email,
      customerName: `${ctx.customer.first} ${ctx.customer.last}`,
      locale: ctx.spec.locale,
      assigneeId: c.assigned ? AGENT_ID : null,
      tags: c.tags,
      firstRespondedAt: firstReply?.createdAt ?? null,
      // Waiting on the customer pauses the clock from the reply that asked them.
      slaPausedAt: c.status === 'waiting_customer' ? (firstReply?.createdAt ?? null) : null,
      lastMessageAt,
      resolvedAt: c.status === 'resolved' ? at(c.messages[c.messages.length - 1]!.afterMinutes + 10) : null,
      createdAt,
    });
    // SLA due times in business hours (lib/sla, default targets and calendar).
    Object.assign(data.cases.at(-1)!, seedSla(data.cases.at(-1)!));
    data.caseMessages.push(...messages);
    data.caseEvents.push({ caseId, orderId: ctx.order.id, actor: { type: 'system' }, type: 'case.opened', data: { caseId, orderId: ctx.order.id, type: c.type, source: 'seed' }, occurredAt: createdAt });
  }

  // 4. Delivery history (issue #18): enough collected Posti parcels last calendar month for a route to
  //    show how sure its window is and for the delivery page to list Posti, plus one new parcel on that
  //    route whose estimate shows its window. Own random stream and own (older) order numbers, so the
  //    story above keeps its numbers and values.
  rng = new Random('history');
  const history = deliveryHistory(today).map(buildOrder);
  history.sort((a, b) => a.order.placedAt.getTime() - b.order.placedAt.getTime() || a.spec.key.localeCompare(b.spec.key));
  history.forEach((b, i) => {
    b.order.orderNumber = `KK-${HISTORY_NUMBER_START + i}`;
  });
  built.push(...history);
  predictDemoParcels(data, built.map((b) => b.order));

  data.orders = built.map((b) => b.order);
  data.samples.sort((a, b) => sampleLocales.indexOf(a.locale) - sampleLocales.indexOf(b.locale));
  data.orderLines = built.flatMap((b) => b.lines);
  return data;
}

function photoRow(id: string, owner: { returnItemId?: string; claimId?: string }, createdAt: Date): Insert<typeof schema.photos> {
  const width = 160;
  const height = 120;
  const png = placeholderPhoto(width, height);
  return { id, ...owner, contentType: 'image/png', width, height, sizeBytes: png.length, data: png, createdAt };
}

// ---------------------------------------------------------------------------------------------
// A tiny PNG encoder: photos are required for some return reasons and claims, and a real (if
// abstract) image makes the staff desk's photo viewer show something.
// ---------------------------------------------------------------------------------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([head, typed, crc]);
}

/** Diagonal stripes in the shop's green and a linen tone, RGB, 8 bits per channel. */
function placeholderPhoto(width: number, height: number): Buffer {
  const row = width * 3 + 1;
  const pixels = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    pixels[y * row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = ((x + y) >> 4) % 2 === 0 ? [0x1f, 0x5f, 0x4a] : [0xe9, 0xe2, 0xd3];
      pixels.set([r, g, b], y * row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(pixels)), pngChunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** Serializes concurrent seeders (npm start and a manual db:seed). */
const SEED_LOCK = 727275;

function summaryStaff(): DemoSummary['staff'] {
  return demoStaff.map(({ email, password, role }) => ({ email, password, role }));
}

async function sampleOrders(tx: DbOrTx, data: DemoData): Promise<DemoSummary['sampleOrders']> {
  const rows = await tx
    .select({ id: schema.orders.id, orderNumber: schema.orders.orderNumber, email: schema.orders.email, postalCode: schema.orders.shippingPostalCode })
    .from(schema.orders)
    .where(
      inArray(
        schema.orders.id,
        data.samples.map((s) => s.orderId),
      ),
    );
  return data.samples.flatMap((sample) => {
    const row = rows.find((r) => r.id === sample.orderId);
    return row ? [{ orderNumber: row.orderNumber, email: row.email, postalCode: row.postalCode, locale: sample.locale, description: sample.description }] : [];
  });
}

/** Demo orders are recognised by their name-based ids, which do not change from day to day. */
async function isSeeded(tx: DbOrTx, data: DemoData): Promise<boolean> {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(schema.orders)
    .where(
      inArray(
        schema.orders.id,
        data.orders.map((o) => o.id),
      ),
    );
  return (row?.count ?? 0) > 0;
}

/**
 * Seeds the demo shop in one transaction. Idempotent: when any demo order exists it writes nothing
 * and returns the summary of what is there. Settings, staff, catalogue and the return policy are
 * only added when missing, so an admin's later changes survive a re-seed.
 */
export async function seedDemoShop(db: Db, options: { now?: Date } = {}): Promise<DemoSummary> {
  const data = buildDemoData(options.now ?? new Date());
  const summary = async (tx: DbOrTx, seeded: boolean): Promise<DemoSummary> => ({ shopName: DEMO_SHOP_NAME, seeded, staff: summaryStaff(), sampleOrders: await sampleOrders(tx, data) });

  // Cheap check first: argon2 hashing is the slowest part and pointless when nothing will be written.
  if (await isSeeded(db, data)) return summary(db, false);
  const passwordHashes = await Promise.all(data.staff.map((s) => hash(s.password)));

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await isSeeded(tx, data)) return summary(tx, false);

    await tx.insert(schema.settings).values({ key: 'shop', value: data.shopSettings }).onConflictDoNothing();

    // Staff and variants may already exist (created by an admin or the merchant API): keep theirs and
    // point the demo rows at the real ids.
    await tx
      .insert(schema.staffUsers)
      .values(data.staff.map(({ password: _password, ...s }, i) => ({ ...s, passwordHash: passwordHashes[i]! })))
      .onConflictDoNothing();
    const staffRows = await tx
      .select({ id: schema.staffUsers.id, email: schema.staffUsers.email })
      .from(schema.staffUsers)
      .where(
        inArray(
          sql`lower(${schema.staffUsers.email})`,
          data.staff.map((s) => s.email.toLowerCase()),
        ),
      );
    const staffId = new Map(data.staff.map((s) => [s.id, staffRows.find((r) => r.email.toLowerCase() === s.email.toLowerCase())?.id ?? s.id]));

    await seedDemoImages(tx);
    await tx.insert(schema.variants).values(data.variants).onConflictDoNothing();
    const variantRows = await tx
      .select({ id: schema.variants.id, sku: schema.variants.sku })
      .from(schema.variants)
      .where(
        inArray(
          schema.variants.sku,
          data.variants.map((v) => v.sku),
        ),
      );
    const variantId = new Map(data.variants.map((v) => [v.id, variantRows.find((r) => r.sku === v.sku)?.id ?? v.id]));
    const remap = (map: Map<string, string>, id: string | null | undefined) => (id ? (map.get(id) ?? id) : null);

    // One active policy per shop: keep an existing one.
    const [activePolicy] = await tx.select({ id: schema.returnPolicies.id }).from(schema.returnPolicies).where(sql`${schema.returnPolicies.isActive}`).limit(1);
    if (!activePolicy) await tx.insert(schema.returnPolicies).values(data.returnPolicy);

    await tx.insert(schema.orders).values(data.orders);
    await tx.insert(schema.orderLines).values(data.orderLines);
    await tx.insert(schema.shipments).values(data.shipments);
    await tx.insert(schema.shipmentLines).values(data.shipmentLines);
    await tx.insert(schema.trackingEvents).values(data.trackingEvents);
    // RMA numbers come from the shop's sequence, in request order.
    const returnsInOrder = [...data.returns].sort((a, b) => (a.requestedAt as Date).getTime() - (b.requestedAt as Date).getTime());
    await tx.insert(schema.returns).values(returnsInOrder.map((r) => ({ ...r, rmaNumber: sql`'R-' || nextval('rma_number_seq')` })));
    await tx.insert(schema.returnItems).values(data.returnItems.map((item) => ({ ...item, exchangeVariantId: remap(variantId, item.exchangeVariantId) })));
    await tx.insert(schema.claims).values(data.claims);
    await tx.insert(schema.photos).values(data.photos);
    // The refunds trigger adds each amount to orders.refunded_amount.
    await tx.insert(schema.refunds).values(data.refunds.map((r) => ({ ...r, createdByStaffId: remap(staffId, r.createdByStaffId) })));
    // Case numbers come from case_number_seq, in opening order.
    const casesInOrder = [...data.cases].sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
    await tx.insert(schema.cases).values(casesInOrder.map((c) => ({ ...c, assigneeId: remap(staffId, c.assigneeId) })));
    await tx.insert(schema.caseMessages).values(data.caseMessages.map((m) => ({ ...m, authorStaffId: remap(staffId, m.authorStaffId) })));
    // The cases' history through the one writer (lib/core/events): one domain_events row per change.
    await recordEvents(tx, data.caseEvents);
    // Demo service points (invented, `demo` rows): a real cached answer of a carrier is never overwritten.
    const servicePointRows = demoServicePointRows(data.orders, data.shipments, options.now ?? new Date());
    if (servicePointRows.length) await tx.insert(schema.servicePointCache).values(servicePointRows).onConflictDoNothing();
    // Staff desk macros (canned replies per language).
    await tx
      .insert(schema.macros)
      .values(demoMacros.map((m) => ({ id: demoId('macro', `${m.locale}:${m.key}`), locale: m.locale, title: m.title, body: m.body })))
      .onConflictDoNothing();

    return summary(tx, true);
  });
}
