/**
 * A local Shopify Admin GraphQL API for tests: `POST /admin/api/{version}/graphql.json` with
 * `X-Shopify-Access-Token`, answering the operations our client sends the way the GraphQL Admin reference
 * describes them (docs/platforms.md lists the pages): `shop { name }`, `orders(first, after, query, sortKey)`
 * with cursor pagination, `order(id) { transactions }`, `refundCreate` with `@idempotent(key:)` (mandatory since
 * 2026-04), `giftCardCreate`, `discountCodeBasicCreate`, and for exchanges `productVariants(query: "sku:…")`,
 * `orders(query: "tag:…")` and `orderCreate` (an unknown variant or a missing email → userErrors), for the product
 * backfill `shop { currencyCode }` with `products(first, after)` (cursor pagination), and for our codes
 * `discountCodeFreeShippingCreate`, `codeDiscountNodeByCode(code:)` (case-insensitive), `giftCards(query: <code>)`
 * (nodes with `lastCharacters` and `note`, never the code) and `order(id) { customer { id } }`. A code already taken
 * by a discount or gift card is refused (`TAKEN`); other refusals can be queued (`refuseNext`). Failures can be queued: 503, 429, THROTTLED, a dropped
 * connection. It is a test double of the API's contract, not of Shopify's business rules beyond those named.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `drop`: the connection closes before Shopify does anything; `lost`: Shopify does it, then the answer is lost (a timeout). */
export type Failure = 'http503' | 'http429' | 'throttled' | 'drop' | 'lost';
export type AdminOrder = Record<string, unknown> & { id: string; updatedAt: string };
export type Transaction = { id: string; kind: string; status: string; gateway: string; amountSet: { shopMoney: { amount: string; currencyCode: string } } };

export type AdminState = {
  shopName: string;
  orders: AdminOrder[];
  transactions: Record<string, Transaction[]>;
  /** Line item id → quantity still refundable. */
  refundable: Record<string, number>;
  /** Amount (hundredths) still refundable per order. */
  refundableAmount: Record<string, number>;
  /** Taken in order; an entry with `when` only fails a request whose query contains that text. */
  failNext: Array<{ failure: Failure; when?: string }>;
  /** Refusals to give, in order: the next mutation named `mutation` answers these userErrors and does nothing. */
  refuseNext: Array<{ mutation: 'giftCardCreate' | 'discountCodeBasicCreate' | 'discountCodeFreeShippingCreate'; message: string; code: string }>;
  /** Every GraphQL request as received. */
  requests: Array<{ query: string; variables: Record<string, unknown>; token: string | undefined }>;
  /** Refunds created, by idempotency key (a repeated key returns the first one). */
  refunds: Map<string, { id: string; input: Record<string, unknown> }>;
  giftCards: Array<Record<string, unknown>>;
  discounts: Array<Record<string, unknown>>;
  /** The shop's variants, found by `productVariants(query: "sku:…")`. */
  variants: Array<{ id: string; sku: string }>;
  /** The customer of a platform order (order GID → customer GID), answered by `order(id) { customer { id } }`. */
  customers: Record<string, string>;
  /** The shop's products as Admin GraphQL `Product` nodes (with `variants { pageInfo nodes }`), listed by `products(first, after)`. */
  products: Array<Record<string, unknown>>;
  currencyCode: string;
  /** Orders made by `orderCreate` (found again by `orders(query: "tag:…")`). */
  createdOrders: Array<{ id: string; name: string; order: Record<string, unknown>; options: Record<string, unknown> }>;
};

const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const cents = (amount: string) => Math.round(Number(amount) * 100);
const giftCardId = (index: number) => `gid://shopify/GiftCard/${501 + index}`;
const discountId = (index: number) => `gid://shopify/DiscountCodeNode/${701 + index}`;

/** Cursor pagination the way the Admin API pages a connection: `first`, `after` → `pageInfo { hasNextPage endCursor }`. */
function page<T>(all: T[], variables: Record<string, unknown>, fallback: number) {
  const first = Number(variables.first ?? fallback);
  const start = variables.after ? Number(Buffer.from(String(variables.after), 'base64').toString('utf8').replace('cursor:', '')) + 1 : 0;
  const nodes = all.slice(start, start + first);
  const end = start + nodes.length - 1;
  return { pageInfo: { hasNextPage: end < all.length - 1, endCursor: nodes.length ? Buffer.from(`cursor:${end}`).toString('base64') : null }, nodes };
}

function answer(state: AdminState, query: string, variables: Record<string, unknown>): { status: number; body: string } {
  if (/\bproducts\(/.test(query)) return json(200, { data: { shop: { currencyCode: state.currencyCode }, products: page(state.products, variables, 50) } });
  if (/\bshop\s*\{/.test(query) && !/orders\(/.test(query)) return json(200, { data: { shop: { name: state.shopName } } });

  const tagQuery = /^tag:'?([^']+)'?$/.exec(String(variables.query ?? ''));
  if (/\borders\(/.test(query) && tagQuery) {
    const nodes = state.createdOrders.filter((o) => ((o.order.tags as string[] | undefined) ?? []).includes(tagQuery[1]!)).map((o) => ({ id: o.id, name: o.name }));
    return json(200, { data: { orders: { nodes: nodes.slice(0, Number(variables.first ?? 1)) } } });
  }

  if (/\bproductVariants\(/.test(query)) {
    const sku = /^sku:'?([^']*)'?$/.exec(String(variables.query ?? ''))?.[1] ?? '';
    return json(200, { data: { productVariants: { nodes: state.variants.filter((v) => v.sku === sku) } } });
  }

  if (/\borderCreate\(/.test(query)) {
    const order = variables.order as { lineItems?: Array<{ variantId?: string }>; email?: string };
    const userErrors: Array<{ field: string[]; message: string; code: string }> = [];
    (order.lineItems ?? []).forEach((line, i) => {
      if (line.variantId && !state.variants.some((v) => v.id === line.variantId)) userErrors.push({ field: ['order', 'lineItems', String(i), 'variantId'], message: 'Variant is invalid', code: 'INVALID' });
    });
    if (!order.email) userErrors.push({ field: ['order', 'email'], message: 'Email is invalid', code: 'INVALID' });
    if (userErrors.length > 0) return json(200, { data: { orderCreate: { order: null, userErrors } } });
    const created = { id: `gid://shopify/Order/${5_990_000_000 + state.createdOrders.length}`, name: `#${1002 + state.createdOrders.length}`, order: variables.order as Record<string, unknown>, options: (variables.options ?? {}) as Record<string, unknown> };
    state.createdOrders.push(created);
    return json(200, { data: { orderCreate: { order: { id: created.id, name: created.name }, userErrors: [] } } });
  }

  if (/\borders\(/.test(query)) {
    const filter = /updated_at:>='?([^' ]+)'?/.exec(String(variables.query ?? ''));
    const since = filter ? Date.parse(filter[1]!) : -Infinity;
    const all = state.orders.filter((o) => Date.parse(o.updatedAt) >= since).sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
    return json(200, {
      data: { orders: page(all, variables, 50) },
      extensions: { cost: { requestedQueryCost: 12, actualQueryCost: 12, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1988, restoreRate: 100 } } },
    });
  }

  if (/\border\(id:/.test(query)) {
    const id = String(variables.id);
    const known = state.transactions[id] || state.customers[id];
    return json(200, { data: { order: known ? { id, transactions: state.transactions[id] ?? [], customer: state.customers[id] ? { id: state.customers[id] } : null } : null } });
  }

  if (/\bcodeDiscountNodeByCode\(/.test(query)) {
    const code = String(variables.code).toLowerCase();
    const index = state.discounts.findIndex((d) => String(d.code).toLowerCase() === code);
    return json(200, { data: { codeDiscountNodeByCode: index >= 0 ? { id: discountId(index) } : null } });
  }

  if (/\bgiftCards\(/.test(query)) {
    const search = String(variables.query ?? '').toLowerCase();
    const nodes = state.giftCards
      .map((card, i) => ({ card, i }))
      .filter(({ card }) => String(card.code ?? '').toLowerCase() === search)
      .map(({ card, i }) => ({ id: giftCardId(i), lastCharacters: String(card.code).slice(-4).toLowerCase(), note: (card.note as string | undefined) ?? null }));
    return json(200, { data: { giftCards: { nodes } } });
  }

  if (/\brefundCreate\(/.test(query)) {
    const key = /@idempotent\(key:\s*"([^"]+)"\)/.exec(query)?.[1];
    if (!key) return json(200, { errors: [{ message: 'The @idempotent directive is required for this mutation.', extensions: { code: 'BAD_REQUEST' } }] });
    const seen = state.refunds.get(key);
    if (seen) return json(200, { data: { refundCreate: { refund: { id: seen.id, totalRefundedSet: null }, userErrors: [] } } });
    const input = variables.input as { orderId: string; refundLineItems: Array<{ lineItemId: string; quantity: number }>; transactions: Array<{ amount: string }> };
    const userErrors: Array<{ field: string[]; message: string }> = [];
    input.refundLineItems.forEach((line, i) => {
      const left = state.refundable[line.lineItemId];
      if (left === undefined) userErrors.push({ field: ['refundLineItems', String(i), 'lineItemId'], message: 'Line item does not exist' });
      else if (line.quantity > left) userErrors.push({ field: ['refundLineItems', String(i), 'quantity'], message: `Quantity cannot refund more items than were purchased` });
    });
    const amount = input.transactions.reduce((sum, t) => sum + cents(t.amount), 0);
    const left = state.refundableAmount[input.orderId] ?? 0;
    if (amount > left) userErrors.push({ field: ['transactions', '0', 'amount'], message: `Refund amount $${(amount / 100).toFixed(2)} is greater than net payment received $${(left / 100).toFixed(2)}` });
    if (userErrors.length > 0) return json(200, { data: { refundCreate: { refund: null, userErrors } } });
    input.refundLineItems.forEach((line) => (state.refundable[line.lineItemId]! -= line.quantity));
    state.refundableAmount[input.orderId] = left - amount;
    const id = `gid://shopify/Refund/${1000 + state.refunds.size}`;
    state.refunds.set(key, { id, input });
    return json(200, { data: { refundCreate: { refund: { id, totalRefundedSet: { shopMoney: { amount: (amount / 100).toFixed(2), currencyCode: 'USD' } } }, userErrors: [] } } });
  }

  const refusal = state.refuseNext.findIndex((r) => query.includes(`${r.mutation}(`));
  if (refusal >= 0) {
    const { mutation, message, code } = state.refuseNext.splice(refusal, 1)[0]!;
    const empty = mutation === 'giftCardCreate' ? { giftCard: null, giftCardCode: null } : { codeDiscountNode: null };
    return json(200, { data: { [mutation]: { ...empty, userErrors: [{ field: null, message, code }] } } });
  }

  if (/\bgiftCardCreate\(/.test(query)) {
    const input = variables.input as { initialValue: string; code?: string };
    if (!(Number(input.initialValue) > 0)) return json(200, { data: { giftCardCreate: { giftCard: null, giftCardCode: null, userErrors: [{ field: ['input', 'initialValue'], message: 'Initial value must be greater than 0', code: 'GREATER_THAN' }] } } });
    if (input.code !== undefined && !/^[a-z0-9]{8,20}$/i.test(input.code)) {
      return json(200, { data: { giftCardCreate: { giftCard: null, giftCardCode: null, userErrors: [{ field: ['input', 'code'], message: 'Code must be 8-20 characters long and contain only letters(a-z) and numbers(0-9)', code: 'INVALID' }] } } });
    }
    if (input.code !== undefined && state.giftCards.some((c) => String(c.code ?? '').toLowerCase() === input.code!.toLowerCase())) {
      return json(200, { data: { giftCardCreate: { giftCard: null, giftCardCode: null, userErrors: [{ field: ['input', 'code'], message: 'Code has already been taken', code: 'TAKEN' }] } } });
    }
    const code = input.code ?? `PALUU${state.giftCards.length}X9K2`;
    state.giftCards.push({ ...input, code });
    return json(200, { data: { giftCardCreate: { giftCard: { id: giftCardId(state.giftCards.length - 1), initialValue: { amount: input.initialValue }, maskedCode: `•••• •••• •••• ${code.slice(-4)}` }, giftCardCode: code.toLowerCase(), userErrors: [] } } });
  }

  const discountMutation = /\b(discountCodeBasicCreate|discountCodeFreeShippingCreate)\(/.exec(query)?.[1];
  if (discountMutation) {
    const argument = discountMutation === 'discountCodeBasicCreate' ? 'basicCodeDiscount' : 'freeShippingCodeDiscount';
    const input = variables[argument] as { code: string; title: string };
    if (state.discounts.some((d) => String(d.code).toLowerCase() === input.code.toLowerCase())) {
      return json(200, { data: { [discountMutation]: { codeDiscountNode: null, userErrors: [{ field: [argument, 'code'], message: 'Code must be unique. Please try a different code.', code: 'TAKEN' }] } } });
    }
    state.discounts.push({ ...input, mutation: discountMutation });
    return json(200, { data: { [discountMutation]: { codeDiscountNode: { id: discountId(state.discounts.length - 1) }, userErrors: [] } } });
  }

  return json(200, { errors: [{ message: 'This test server does not know that operation.', extensions: { code: 'undefinedField' } }] });
}

export type ShopifyAdminServer = { origin: string; state: AdminState; close(): Promise<void> };

/** `port`: a fixed port (the e2e server is configured with it before the test starts); a free one otherwise. */
export async function startShopifyAdmin(options: { accessToken: string; version: string; shopName?: string; port?: number }): Promise<ShopifyAdminServer> {
  const state: AdminState = {
    shopName: options.shopName ?? 'Paluu Test Shop',
    orders: [],
    transactions: {},
    refundable: {},
    refundableAmount: {},
    failNext: [],
    refuseNext: [],
    requests: [],
    refunds: new Map(),
    giftCards: [],
    discounts: [],
    variants: [],
    customers: {},
    products: [],
    currencyCode: 'USD',
    createdOrders: [],
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const index = state.failNext.findIndex((f) => !f.when || body.includes(f.when));
    const failure = index >= 0 ? state.failNext.splice(index, 1)[0]!.failure : undefined;
    if (failure === 'drop') return req.socket.destroy();
    if (req.method !== 'POST' || req.url !== `/admin/api/${options.version}/graphql.json`) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: 'Not Found' }));
      return;
    }
    const token = req.headers['x-shopify-access-token'] as string | undefined;
    let parsed: { query: string; variables?: Record<string, unknown> };
    try {
      parsed = JSON.parse(body);
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: { query: 'Required parameter missing or invalid' } }));
      return;
    }
    state.requests.push({ query: parsed.query, variables: parsed.variables ?? {}, token });
    if (token !== options.accessToken) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }));
      return;
    }
    if (failure === 'http503') return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('Service Unavailable');
    if (failure === 'http429') return void res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: 'Exceeded 2 calls per second for api client.' }));
    if (failure === 'throttled') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }] }));
      return;
    }
    const out = answer(state, parsed.query, parsed.variables ?? {});
    if (failure === 'lost') return req.socket.destroy();
    res.writeHead(out.status, { 'Content-Type': 'application/json' }).end(out.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
