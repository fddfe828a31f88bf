/**
 * The render cache of the two pages that are the same for everyone, in front of Next.js (scripts/server.mjs):
 * the tracking-link view and the order lookup page.
 *
 * Every tracking link in a merchant's emails opens the same redacted page; rendering it through React
 * costs ~20 ms of CPU, so a burst of customers opening "where is my parcel" would queue behind the
 * renderer. The link view is identical for everyone holding a live link to that order, so its HTML
 * is kept in memory per (order, link, locale, shop-local day) and served without rendering again.
 *
 * Safety, in order of importance:
 * - Access is decided exactly as the page decides it: the signed grant cookie must hold an unexpired
 *   link grant for this order, and that link must still be live in the database (one indexed read per hit).
 *   A verified grant (the full view, after a lookup) always goes to Next.js: that view is never cached.
 * - Freshness: database triggers NOTIFY `paluu_page_cache` with the order id whenever anything the page
 *   shows changes (migration 0003), including a link's revocation; '*' for settings and the return
 *   policy. An entry rendered while its order changed is not stored. After the LISTEN connection
 *   reconnects every entry is dropped (notifications sent meanwhile are lost); the TTL bounds the rest.
 * - Nothing per-user is replayed: responses that set cookies are never stored; the CSP nonce is
 *   replaced on every hit. A time-to-live bounds anything the triggers do not see.
 *
 * The lookup page (`/en`, one entry per locale) shows only the catalog texts and the shop's settings
 * (name, logo, accent colour, support contact): no session, no CSRF token, no flash message. Its only
 * inputs that differ by visitor are the query (`?order=` prefills the form and shows a notice) and, to be
 * safe, cookies and the user agent (Next.js renders metadata differently for bots): a request with a
 * query, any cookie or a bot's user agent is rendered, never answered from the cache. A settings change
 * ('*') empties it; a deploy starts a new process with an empty cache.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBot } from 'next/dist/shared/lib/router/utils/is-bot';
import postgres from 'postgres';
import { ORDER_ACCESS_COOKIE, readGrants } from '@/lib/auth/grant-token';
import { normalizeOrderNumber } from '@/lib/core/order-number';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import { createDb } from '@/db';
import { countTrackingView } from '@/lib/reports/tracking-views';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { todayIn } from '@/lib/time/today';

export const PAGE_CACHE_CHANNEL = 'paluu_page_cache';
const ENTRIES_PER_ORDER = 16;
const PAGE_PATH = /^\/(fi|sv|en|da|nb)\/orders\/([^/?#]+)$/;
const LOOKUP_PATH = /^\/(fi|sv|en|da|nb)$/;
/** Headers that belong to one response or one user, never replayed (the request id is the current request's). */
const NOT_REPLAYED = new Set(['set-cookie', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'etag', 'x-request-id']);

type Entry = { headers: Array<[string, string]>; body: Buffer; html: string | null; nonce: string | null; storedAt: number };

export type PageCacheOptions = {
  databaseUrl: string;
  /** Orders kept (each with its links × locales); 0 turns the cache off. */
  maxOrders?: number;
  ttlSeconds?: number;
  log?: (message: string) => void;
};

export type PageCache = {
  /** Serves a cached page and returns true, or returns false and lets `next` render (capturing the result). */
  handle(req: IncomingMessage, res: ServerResponse, next: () => Promise<unknown>): Promise<boolean>;
  /** Entries and hit/miss counters, for the benchmark and tests. */
  stats(): { orders: number; entries: number; hits: number; misses: number; live: boolean };
  close(): Promise<void>;
};

/** A request the cache may answer: a plain GET of an order page (no query, no RSC navigation, no action). */
export function cacheablePage(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): { locale: string; orderNumber: string } | null {
  if (req.method !== 'GET' || !req.url) return null;
  const match = PAGE_PATH.exec(req.url);
  if (!match?.[1] || !match[2]) return null;
  const h = req.headers;
  if (isNavigation(h)) return null;
  let number: string;
  try {
    number = decodeURIComponent(match[2]);
  } catch {
    return null;
  }
  // The page reads the number the same way: decoded, at most 64 characters, normalized.
  return { locale: match[1], orderNumber: normalizeOrderNumber(number.slice(0, 64)) };
}

/** Next.js's client navigations and server actions ask for another answer (RSC payload) at the same URL. */
function isNavigation(h: IncomingMessage['headers']): boolean {
  return Boolean(h.rsc || h['next-router-state-tree'] || h['next-router-prefetch'] || h['next-action'] || h['next-url']);
}

/** The lookup page's locale when the cache may answer: a plain GET of `/<locale>`, no query, no cookie, no bot. */
export function cacheableLookupPage(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): string | null {
  if (req.method !== 'GET' || !req.url) return null;
  const locale = LOOKUP_PATH.exec(req.url)?.[1];
  const h = req.headers;
  if (!locale || h.cookie || h.authorization || isNavigation(h) || isBot(h['user-agent'] ?? '')) return null;
  return locale;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export async function createPageCache(options: PageCacheOptions): Promise<PageCache | null> {
  const maxOrders = options.maxOrders ?? 500;
  if (maxOrders <= 0) return null;
  const ttlMs = (options.ttlSeconds ?? 300) * 1000;
  const log = options.log ?? (() => {});

  const db = createDb(options.databaseUrl, { max: 4 });
  const secret = await readAppSecret(db);
  let timeZone = (await readShopSettings(db)).timeZone;

  /** orderId → (link|locale|day → entry); Map order doubles as the LRU order. */
  const entries = new Map<string, Map<string, Entry>>();
  const orderIds = new Map<string, string>(); // normalized order number → id (numbers never change)
  /** The lookup page per locale (no order: only a settings change or the time-to-live ends it). */
  const lookupPages = new Map<string, Entry>();
  /** Orders being rendered now, and whether they changed meanwhile: such a render is not stored. */
  const rendering = new Map<string, { count: number; changed: boolean }>();
  let globalGeneration = 0;
  let live = false;
  let hits = 0;
  let misses = 0;

  const forgetOrder = (orderId: string) => {
    entries.delete(orderId);
    const inFlight = rendering.get(orderId);
    if (inFlight) inFlight.changed = true;
  };
  const forgetAll = () => {
    entries.clear();
    lookupPages.clear();
    orderIds.clear();
    globalGeneration += 1;
  };

  // postgres.js keeps LISTEN on a connection of its own and listens again after a reconnect; notifications
  // sent meanwhile are lost, so every (re)listen starts the cache empty. Access never depends on them.
  const listener = postgres(options.databaseUrl, { max: 1 });
  await listener.listen(
    PAGE_CACHE_CHANNEL,
    (payload) => {
      if (payload === '*') {
        forgetAll();
        // Settings changed: the shop's time zone may have too.
        readShopSettings(db).then((s) => (timeZone = s.timeZone)).catch(() => {});
      } else forgetOrder(payload);
    },
    () => {
      forgetAll();
      live = true;
    },
  );
  log('tracking page cache on');

  async function orderIdFor(orderNumber: string): Promise<string | null> {
    const known = orderIds.get(orderNumber);
    if (known) return known;
    const [row] = await db.$client<{ id: string }[]>`select id from orders where upper(order_number) = ${orderNumber} limit 1`;
    if (orderIds.size >= maxOrders * 4) orderIds.clear();
    if (row) orderIds.set(orderNumber, row.id);
    return row?.id ?? null;
  }

  async function linkIsLive(linkId: string, orderId: string): Promise<boolean> {
    const rows = await db.$client`select 1 from tracking_links where id = ${linkId} and order_id = ${orderId} and revoked_at is null and expires_at > now()`;
    return rows.length > 0;
  }

  function serve(res: ServerResponse, entry: Entry): void {
    let body: Buffer | string = entry.body;
    const headers: Record<string, string> = {};
    if (entry.nonce && entry.html) {
      // A nonce must never repeat across responses: a fresh one for the header and every tag.
      const nonce = randomBytes(16).toString('base64');
      body = entry.html.split(entry.nonce).join(nonce);
      for (const [name, value] of entry.headers) headers[name] = value.split(entry.nonce).join(nonce);
    } else {
      for (const [name, value] of entry.headers) headers[name] = value;
    }
    headers['content-length'] = String(Buffer.byteLength(body));
    headers['x-paluu-cache'] = 'hit';
    res.writeHead(200, headers);
    res.end(body);
  }

  function capture(res: ServerResponse, store: (entry: Entry) => void): void {
    const chunks: Buffer[] = [];
    let headArg: Record<string, unknown> | undefined;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    const collect = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.setHeader('x-paluu-cache', 'miss');
    res.writeHead = ((...args: unknown[]) => {
      const last = args[args.length - 1];
      if (last && typeof last === 'object' && !Array.isArray(last)) headArg = last as Record<string, unknown>;
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      collect(chunk, encoding);
      return write(chunk, encoding, callback);
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      if (chunk !== undefined && typeof chunk !== 'function') collect(chunk, encoding);
      const result = end(chunk, encoding, callback);
      const headers = { ...res.getHeaders(), ...(headArg ?? {}) };
      const type = String(headers['content-type'] ?? '');
      if (res.statusCode === 200 && !headers['set-cookie'] && !headers['content-encoding'] && type.startsWith('text/html')) {
        const replayed: Array<[string, string]> = [];
        for (const [name, value] of Object.entries(headers)) {
          const lower = name.toLowerCase();
          if (NOT_REPLAYED.has(lower) || lower === 'x-paluu-cache' || value === undefined) continue;
          replayed.push([lower, Array.isArray(value) ? value.join(', ') : String(value)]);
        }
        const csp = replayed.find(([name]) => name === 'content-security-policy' || name === 'content-security-policy-report-only')?.[1];
        const nonce = csp ? (/'nonce-([^']+)'/.exec(csp)?.[1] ?? null) : null;
        const body = Buffer.concat(chunks);
        store({ headers: replayed, body, html: nonce ? body.toString('utf8') : null, nonce, storedAt: Date.now() });
      }
      return result;
    }) as ServerResponse['end'];
  }

  async function handleLookupPage(locale: string, res: ServerResponse, next: () => Promise<unknown>): Promise<true> {
    const entry = lookupPages.get(locale);
    if (entry && Date.now() - entry.storedAt < ttlMs) {
      hits += 1;
      serve(res, entry);
      return true;
    }
    misses += 1;
    const startGlobal = globalGeneration;
    capture(res, (rendered) => {
      if (live && globalGeneration === startGlobal) lookupPages.set(locale, rendered);
    });
    await next();
    return true;
  }

  return {
    async handle(req, res, next) {
      if (!live) return false;
      const lookupLocale = cacheableLookupPage(req);
      if (lookupLocale) {
        // The stored copy is the uncompressed one; a proxy in front compresses (docs/deployment.md).
        delete req.headers['accept-encoding'];
        return handleLookupPage(lookupLocale, res, next);
      }
      const page = cacheablePage(req);
      if (!page) return false;
      const grants = readGrants(secret, cookieValue(req.headers.cookie, ORDER_ACCESS_COOKIE), Math.floor(Date.now() / 1000));
      if (grants.length === 0) return false;
      // The database unreachable: Next.js answers as it would without the cache.
      const orderId = await orderIdFor(page.orderNumber).catch(() => null);
      const grant = orderId ? grants.find((g) => g.o === orderId) : undefined;
      // No grant for this order, or a verified one: Next.js decides (redirect, or the full view).
      if (!orderId || !grant || grant.l === undefined) return false;

      const key = `${grant.l}|${page.locale}|${todayIn(timeZone)}`;
      const forOrder = entries.get(orderId);
      const entry = forOrder?.get(key);
      // Access is never left to the notifications (they arrive a moment after the commit): one indexed
      // read says whether this link is still live, so a revoked link ends on the very next request.
      // A notification may land during that read: serve the entry only if it is still the current one.
      if (entry && Date.now() - entry.storedAt < ttlMs && (await linkIsLive(grant.l, orderId)) && entries.get(orderId)?.get(key) === entry) {
        hits += 1;
        countTrackingView(); // the page counts its renders; a hit is a view too (reports' deflection figure)
        // Most recently used last.
        entries.delete(orderId);
        entries.set(orderId, forOrder!);
        serve(res, entry);
        return true;
      }

      misses += 1;
      const startGlobal = globalGeneration;
      const inFlight = rendering.get(orderId) ?? { count: 0, changed: false };
      inFlight.count += 1;
      rendering.set(orderId, inFlight);
      // The stored copy is the uncompressed one; a proxy in front compresses (docs/deployment.md).
      delete req.headers['accept-encoding'];
      capture(res, (rendered) => {
        if (!live || globalGeneration !== startGlobal || inFlight.changed) return;
        const map = entries.get(orderId) ?? new Map<string, Entry>();
        map.delete(key);
        map.set(key, rendered);
        // A few links × locales × days per order; the oldest go first.
        while (map.size > ENTRIES_PER_ORDER) map.delete(map.keys().next().value!);
        entries.delete(orderId);
        entries.set(orderId, map);
        while (entries.size > maxOrders) entries.delete(entries.keys().next().value!);
      });
      // 'close' comes after the store above, or instead of it when the client goes away.
      res.once('close', () => {
        inFlight.count -= 1;
        if (inFlight.count === 0 && rendering.get(orderId) === inFlight) rendering.delete(orderId);
      });
      await next();
      return true;
    },
    stats() {
      let count = lookupPages.size;
      for (const map of entries.values()) count += map.size;
      return { orders: entries.size, entries: count, hits, misses, live };
    },
    async close() {
      live = false;
      await listener.end({ timeout: 1 }).catch(() => {});
      await db.$client.end({ timeout: 1 }).catch(() => {});
    },
  };
}
