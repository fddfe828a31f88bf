/**
 * A local WooCommerce REST API v3 for tests (`/wp-json/wc/v3/…` with HTTP Basic auth), answering the requests our
 * client sends the way WooCommerce's REST API documentation describes them (fixtures/SOURCES.md): `system_status`,
 * `GET orders?after&per_page&page` with `X-WP-Total`/`X-WP-TotalPages`, `GET/POST orders/{id}/refunds` (meta_data
 * kept; amount above what is left refused with `woocommerce_rest_cannot_create_order_refund` and status 500, as
 * WooCommerce core's refunds controller does), `POST coupons` (a taken code refused with
 * `woocommerce_rest_coupon_code_already_exists`), `GET coupons?code=`, and for exchanges `GET products?sku=`, `POST orders` (an unknown product refused with
 * `woocommerce_rest_invalid_product_id`) and `GET orders?search=<email>`; for the product backfill and product webhooks
 * `GET products?per_page&page` (the catalogue, without `sku`) and `GET products/{id}/variations?per_page&page`, with
 * the paging headers. Failures can be queued: 503, a dropped
 * connection, or `lost` (WooCommerce does it, then the answer is lost: a timeout). A double of the API's
 * contract, not of WooCommerce's business rules beyond those named.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type WooFailure = 'http503' | 'drop' | 'lost';
export type WooOrder = Record<string, unknown> & { id: number; date_created_gmt: string };
export type WooRefund = { id: number; amount: string; reason: string; meta_data: Array<{ id: number; key: string; value: unknown }>; line_items: unknown[]; [k: string]: unknown };

export type WooState = {
  siteUrl: string;
  orders: WooOrder[];
  /** Order id → refunds, newest first (as WooCommerce lists them). */
  refunds: Record<number, WooRefund[]>;
  /** Order id → hundredths still refundable. */
  refundable: Record<number, number>;
  coupons: Array<Record<string, unknown> & { id: number; code: string }>;
  /** The store's products and variations, found by `GET products?sku=`. */
  products: Array<{ id: number; sku: string; type: string; parent_id: number }>;
  /** The catalogue `GET products` lists (REST product JSON), and each variable product's variations by product id. */
  catalog: Array<Record<string, unknown> & { id: number }>;
  variations: Record<number, Array<Record<string, unknown>>>;
  /** Orders made by `POST orders`, in the shape of the docs' "Create an order" response (order 727). */
  createdOrders: Array<Record<string, unknown> & { id: number }>;
  /** The body a created order starts from (tests set the docs' order 727, fixtures/woocommerce/order.json). */
  orderTemplate: Record<string, unknown>;
  /** Taken in order; an entry with `when` only fails a request whose method and path contain that text. */
  failNext: Array<{ failure: WooFailure; when?: string }>;
  requests: Array<{ method: string; path: string; query: Record<string, string>; body: unknown; auth: string | undefined }>;
};

const cents = (amount: string) => Math.round(Number(amount) * 100);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const error = (status: number, code: string, message: string): Answer => ({ status, body: { code, message, data: { status } } });

/** A WordPress REST collection page: `per_page` (default 10) and `page`, with `X-WP-Total` / `X-WP-TotalPages`. */
function paged(all: unknown[], query: Record<string, string>): Answer {
  const perPage = Number(query.per_page ?? 10);
  const page = Number(query.page ?? 1);
  const totalPages = Math.ceil(all.length / perPage);
  if (page > Math.max(totalPages, 1)) return error(400, 'rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.');
  return { status: 200, body: all.slice((page - 1) * perPage, page * perPage), headers: { 'X-WP-Total': String(all.length), 'X-WP-TotalPages': String(totalPages) } };
}

function answer(state: WooState, origin: string, method: string, path: string, query: Record<string, string>, body: Record<string, unknown>): Answer {
  if (method === 'GET' && path === 'system_status') return { status: 200, body: { environment: { home_url: state.siteUrl, site_url: state.siteUrl, version: '9.4.0' } } };

  if (method === 'GET' && path === 'orders' && query.search !== undefined) {
    const found = state.createdOrders.filter((o) => (o.billing as { email?: string }).email === query.search);
    return { status: 200, body: found, headers: { 'X-WP-Total': String(found.length), 'X-WP-TotalPages': '1' } };
  }

  if (method === 'GET' && path === 'orders') {
    const perPage = Math.min(Number(query.per_page ?? 10), 100);
    const page = Number(query.page ?? 1);
    const after = query.after ? Date.parse(query.after.endsWith('Z') ? query.after : `${query.after}Z`) : -Infinity;
    const all = state.orders.filter((o) => Date.parse(`${o.date_created_gmt}Z`) > after).sort((a, b) => (query.order === 'asc' ? 1 : -1) * (Date.parse(a.date_created_gmt) - Date.parse(b.date_created_gmt)));
    const totalPages = Math.ceil(all.length / perPage);
    if (page > Math.max(totalPages, 1)) return error(400, 'rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.');
    return { status: 200, body: all.slice((page - 1) * perPage, page * perPage), headers: { 'X-WP-Total': String(all.length), 'X-WP-TotalPages': String(totalPages) } };
  }

  if (method === 'GET' && path === 'products' && query.sku !== undefined) return { status: 200, body: state.products.filter((p) => p.sku === query.sku) };
  if (method === 'GET' && path === 'products') return paged([...state.catalog].sort((a, b) => a.id - b.id), query);
  const variationsOf = /^products\/(\d+)\/variations$/.exec(path);
  if (method === 'GET' && variationsOf) {
    const list = state.variations[Number(variationsOf[1])];
    return list ? paged(list, query) : error(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
  }

  if (method === 'POST' && path === 'orders') {
    const lines = (body.line_items as Array<{ product_id?: number; variation_id?: number; quantity: number; total?: string }> | undefined) ?? [];
    const unknown = lines.find((l) => !state.products.some((p) => p.id === (l.variation_id ?? l.product_id)));
    if (unknown) return error(400, 'woocommerce_rest_invalid_product_id', `Product ID ${unknown.variation_id ?? unknown.product_id} is invalid.`);
    const id = 900 + state.createdOrders.length;
    const order = {
      ...state.orderTemplate,
      id,
      number: String(id),
      status: String(body.status ?? 'pending'),
      currency: String(body.currency ?? 'USD'),
      total: lines.reduce((sum, l) => sum + Number(l.total ?? 0), 0).toFixed(2),
      billing: body.billing,
      shipping: body.shipping,
      customer_note: String(body.customer_note ?? ''),
      meta_data: ((body.meta_data as Array<{ key: string; value: unknown }> | undefined) ?? []).map((m, i) => ({ id: 13200 + i, key: m.key, value: m.value })),
      line_items: lines.map((l, i) => ({ id: 400 + i, name: `Product ${l.variation_id ?? l.product_id}`, product_id: l.product_id, variation_id: l.variation_id ?? 0, quantity: l.quantity, total: l.total ?? '0.00', sku: state.products.find((p) => p.id === (l.variation_id ?? l.product_id))?.sku ?? '' })),
    };
    state.createdOrders.push(order);
    return { status: 201, body: order };
  }

  const refundsPath = /^orders\/(\d+)\/refunds$/.exec(path);
  if (refundsPath) {
    const orderId = Number(refundsPath[1]);
    if (!state.orders.some((o) => o.id === orderId)) return error(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    const list = (state.refunds[orderId] ??= []);
    if (method === 'GET') return { status: 200, body: list.slice(0, Number(query.per_page ?? 10)) };
    const amount = cents(String(body.amount ?? '0'));
    const left = state.refundable[orderId] ?? 0;
    if (!(amount > 0) || amount > left) return error(500, 'woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.');
    state.refundable[orderId] = left - amount;
    const id = 726 + Object.values(state.refunds).flat().length * 2;
    const meta = Array.isArray(body.meta_data) ? (body.meta_data as Array<{ key: string; value: unknown }>).map((m, i) => ({ id: 2100 + i, key: m.key, value: m.value })) : [];
    const refund: WooRefund = {
      id,
      date_created: '2017-03-21T17:07:11',
      date_created_gmt: '2017-03-21T20:07:11',
      amount: (amount / 100).toFixed(2),
      reason: String(body.reason ?? ''),
      refunded_by: 1,
      refunded_payment: body.api_refund !== false,
      meta_data: meta,
      line_items: [],
      _links: { self: [{ href: `${origin}/wp-json/wc/v3/orders/${orderId}/refunds/${id}` }], collection: [{ href: `${origin}/wp-json/wc/v3/orders/${orderId}/refunds` }], up: [{ href: `${origin}/wp-json/wc/v3/orders/${orderId}` }] },
    };
    list.unshift(refund);
    return { status: 201, body: refund };
  }

  if (path === 'coupons' && method === 'GET') return { status: 200, body: state.coupons.filter((c) => !query.code || c.code === query.code.toLowerCase()) };
  if (path === 'coupons' && method === 'POST') {
    const code = String(body.code ?? '').toLowerCase();
    if (!code) return error(400, 'rest_missing_callback_param', 'Missing parameter(s): code');
    if (state.coupons.some((c) => c.code === code)) return error(400, 'woocommerce_rest_coupon_code_already_exists', 'The coupon code already exists');
    const coupon = {
      id: 719 + state.coupons.length,
      code,
      amount: Number(body.amount ?? 0).toFixed(2),
      date_created: '2017-03-21T15:23:00',
      date_created_gmt: '2017-03-21T18:23:00',
      discount_type: String(body.discount_type ?? 'fixed_cart'),
      description: String(body.description ?? ''),
      date_expires: body.date_expires ?? null,
      usage_count: 0,
      individual_use: Boolean(body.individual_use),
      usage_limit: body.usage_limit ?? null,
      usage_limit_per_user: body.usage_limit_per_user ?? null,
      free_shipping: Boolean(body.free_shipping),
      email_restrictions: (body.email_restrictions as string[] | undefined) ?? [],
      used_by: [],
      meta_data: [],
    };
    state.coupons.push(coupon);
    return { status: 201, body: coupon };
  }
  return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
}

export type WooServer = { origin: string; state: WooState; close(): Promise<void> };

export async function startWooServer(options: { consumerKey: string; consumerSecret: string; siteUrl?: string }): Promise<WooServer> {
  const state: WooState = { siteUrl: options.siteUrl ?? 'https://example.com', orders: [], refunds: {}, refundable: {}, coupons: [], products: [], catalog: [], variations: {}, createdOrders: [], orderTemplate: {}, failNext: [], requests: [] };
  const expected = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  let origin = '';
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const prefix = '/wp-json/wc/v3/';
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const index = state.failNext.findIndex((f) => !f.when || `${method} ${path}`.includes(f.when));
    const failure = index >= 0 ? state.failNext.splice(index, 1)[0]!.failure : undefined;
    if (failure === 'drop') return req.socket.destroy();
    let body: Record<string, unknown> = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'rest_invalid_json', message: 'Invalid JSON body passed.', data: { status: 400 } }));
      return;
    }
    const auth = req.headers.authorization;
    state.requests.push({ method, path, query: Object.fromEntries(url.searchParams), body, auth });
    if (auth !== expected) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } }));
      return;
    }
    if (failure === 'http503') return void res.writeHead(503, { 'Content-Type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
    const out = url.pathname.startsWith(prefix) ? answer(state, origin, method, path, Object.fromEntries(url.searchParams), body) : error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    if (failure === 'lost') return req.socket.destroy();
    res.writeHead(out.status, { 'Content-Type': 'application/json; charset=UTF-8', ...(out.headers ?? {}) }).end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return { origin, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
