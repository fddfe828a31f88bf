/**
 * A real Vendure (test/engines/vendure: @vendure/core from the npm registry, installed by scripts/ensure-vendure.mjs)
 * for the Vendure connector's tests: started on a database of its own in the test PostgreSQL, then set up and driven
 * only through its public Admin and Shop GraphQL APIs, as a merchant and a customer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from './free-port';

const ENGINE_DIR = path.resolve(import.meta.dirname, 'engines/vendure');
const SUPERADMIN = { identifier: 'superadmin', password: randomBytes(12).toString('hex') };

export type VendureEngine = {
  origin: string;
  /** Milliseconds from spawn to listening, and the server's resident memory then (reported in docs/platforms.md). */
  bootMs: number;
  rssMb: number;
  admin<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
};

/** One GraphQL call; `token` is a bearer session. Throws on a GraphQL error, and on an error result (`errorCode`) of a mutation. */
async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}, session: { token?: string } = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const token = response.headers.get('vendure-auth-token');
  if (token) session.token = token;
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`Vendure: ${body.errors.map((e) => e.message).join('; ')}`);
  for (const [field, value] of Object.entries(body.data ?? {})) {
    if (value && typeof value === 'object' && 'errorCode' in value) throw new Error(`Vendure ${field}: ${JSON.stringify(value)}`);
  }
  return body.data as T;
}

/** Boots Vendure on a new database `vendure_<random>` of the cluster at `databaseUrl`; `webhook` configures the Paluu plugin. */
export async function startVendure(databaseUrl: string, webhook?: { url: string; secret: string; shop: string }): Promise<VendureEngine> {
  if (!existsSync(path.join(ENGINE_DIR, 'node_modules/@vendure/core'))) throw new Error('Vendure is not installed: run `node scripts/ensure-vendure.mjs` (npm run test:unit does).');
  const database = `vendure_${randomBytes(6).toString('hex')}`;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database ${database}`);
  await sql.end();
  const engineDb = new URL(databaseUrl);
  engineDb.pathname = `/${database}`;
  const port = await freePort();
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, ['server.mjs'], {
    cwd: ENGINE_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      VENDURE_DATABASE_URL: engineDb.toString(),
      VENDURE_PORT: String(port),
      VENDURE_SUPERADMIN: SUPERADMIN.identifier,
      VENDURE_SUPERADMIN_PASSWORD: SUPERADMIN.password,
      ...(webhook ? { PALUU_WEBHOOK_URL: webhook.url, PALUU_WEBHOOK_SECRET: webhook.secret, PALUU_WEBHOOK_SHOP: webhook.shop } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const ready = await new Promise<{ rssMb: number }>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`Vendure exited (${code}) before it listened:\n${stderr}`)));
  });
  const bootMs = Date.now() - started;
  const origin = `http://127.0.0.1:${port}`;
  const session: { token?: string } = {};
  await graphql(origin + '/admin-api', `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }`, { u: SUPERADMIN.identifier, p: SUPERADMIN.password }, session);
  return {
    origin,
    bootMs,
    rssMb: ready.rssMb,
    admin: (query, variables) => graphql(origin + '/admin-api', query, variables, session),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
    },
  };
}

export type VendureShop = { variants: Array<{ id: string; sku: string }>; shippingMethodId: string; apiKey: string };

const en = (name: string, extra: Record<string, string> = {}) => [{ languageCode: 'en', name, ...extra }];

/**
 * What a merchant sets up before the first sale: Finland as a zone with 25.5 % VAT, the channel in euros, a
 * shipping method (manual fulfilment: the merchant types the carrier and tracking code), the dummy payment method
 * that settles at once, a sweater in sizes M and L, and an API key with the superadmin's role for Paluu.
 */
export async function setUpVendureShop(engine: VendureEngine): Promise<VendureShop> {
  const { createCountry: country } = await engine.admin<{ createCountry: { id: string } }>(
    `mutation($input: CreateCountryInput!) { createCountry(input: $input) { id } }`,
    { input: { code: 'FI', enabled: true, translations: en('Finland') } },
  );
  const { createZone: zone } = await engine.admin<{ createZone: { id: string } }>(`mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }`, { input: { name: 'Finland', memberIds: [country.id] } });
  const { createTaxCategory: taxCategory } = await engine.admin<{ createTaxCategory: { id: string } }>(
    `mutation($input: CreateTaxCategoryInput!) { createTaxCategory(input: $input) { id } }`,
    { input: { name: 'Standard', isDefault: true } },
  );
  await engine.admin(`mutation($input: CreateTaxRateInput!) { createTaxRate(input: $input) { id } }`, {
    input: { name: 'FI VAT', enabled: true, value: 25.5, categoryId: taxCategory.id, zoneId: zone.id },
  });
  const { activeChannel } = await engine.admin<{ activeChannel: { id: string } }>(`{ activeChannel { id } }`);
  await engine.admin(`mutation($input: UpdateChannelInput!) { updateChannel(input: $input) { __typename } }`, {
    input: { id: activeChannel.id, defaultTaxZoneId: zone.id, defaultShippingZoneId: zone.id, defaultCurrencyCode: 'EUR', availableCurrencyCodes: ['EUR'], pricesIncludeTax: true },
  });
  const { createShippingMethod: shipping } = await engine.admin<{ createShippingMethod: { id: string } }>(
    `mutation($input: CreateShippingMethodInput!) { createShippingMethod(input: $input) { id } }`,
    {
      input: {
        code: 'posti-parcel',
        fulfillmentHandler: 'manual-fulfillment',
        checker: { code: 'default-shipping-eligibility-checker', arguments: [{ name: 'orderMinimum', value: '0' }] },
        calculator: { code: 'default-shipping-calculator', arguments: [{ name: 'rate', value: '590' }, { name: 'includesTax', value: 'include' }, { name: 'taxRate', value: '25.5' }] },
        translations: en('Posti parcel', { description: '' }),
      },
    },
  );
  await engine.admin(`mutation($input: CreatePaymentMethodInput!) { createPaymentMethod(input: $input) { id } }`, {
    input: { code: 'card', enabled: true, handler: { code: 'dummy-payment-handler', arguments: [{ name: 'automaticSettle', value: 'true' }] }, translations: en('Card') },
  });
  const { createProduct: product } = await engine.admin<{ createProduct: { id: string } }>(`mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
    input: { translations: en('Wool sweater', { slug: 'wool-sweater', description: 'Merino' }) },
  });
  const { createProductOptionGroup: sizes } = await engine.admin<{ createProductOptionGroup: { id: string; options: Array<{ id: string; code: string }> } }>(
    `mutation($input: CreateProductOptionGroupInput!) { createProductOptionGroup(input: $input) { id options { id code } } }`,
    { input: { code: 'size', translations: en('Size'), options: [{ code: 'm', translations: en('M') }, { code: 'l', translations: en('L') }] } },
  );
  await engine.admin(`mutation($p: ID!, $g: ID!) { addOptionGroupToProduct(productId: $p, optionGroupId: $g) { id } }`, { p: product.id, g: sizes.id });
  const { createProductVariants: variants } = await engine.admin<{ createProductVariants: Array<{ id: string; sku: string }> }>(
    `mutation($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id sku } }`,
    {
      input: sizes.options.map((option) => ({
        productId: product.id,
        sku: `SWEATER-${option.code.toUpperCase()}`,
        price: 8900,
        stockOnHand: 50,
        optionIds: [option.id],
        translations: en(`Wool sweater ${option.code.toUpperCase()}`),
      })),
    },
  );
  const { roles } = await engine.admin<{ roles: { items: Array<{ id: string; code: string }> } }>(`{ roles { items { id code } } }`);
  const { createApiKey } = await engine.admin<{ createApiKey: { apiKey: string } }>(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey } }`, {
    input: { roleIds: roles.items.filter((r) => r.code === '__super_admin_role__').map((r) => r.id), translations: en('Paluu') },
  });
  return { variants, shippingMethodId: shipping.id, apiKey: createApiKey.apiKey };
}

export type PlacedOrder = { id: string; code: string; state: string; lines: Array<{ id: string; sku: string; quantity: number }> };

/** A customer's checkout through the Shop API (a session of its own): cart, contact, address, shipping, payment. */
export async function placeVendureOrder(
  engine: VendureEngine,
  shop: VendureShop,
  order: { email: string; firstName: string; lastName: string; lines: Array<{ sku: string; quantity: number }>; address: { fullName: string; streetLine1: string; postalCode: string; city: string; countryCode: string; phoneNumber?: string } },
): Promise<PlacedOrder> {
  const url = engine.origin + '/shop-api';
  const session: { token?: string } = {};
  for (const line of order.lines) {
    const variant = shop.variants.find((v) => v.sku === line.sku)!;
    await graphql(url, `mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) { __typename ... on ErrorResult { errorCode message } } }`, { v: variant.id, q: line.quantity }, session);
  }
  await graphql(url, `mutation($input: CreateCustomerInput!) { setCustomerForOrder(input: $input) { __typename ... on ErrorResult { errorCode message } } }`, { input: { emailAddress: order.email, firstName: order.firstName, lastName: order.lastName } }, session);
  await graphql(url, `mutation($input: CreateAddressInput!) { setOrderShippingAddress(input: $input) { __typename ... on ErrorResult { errorCode message } } }`, { input: order.address }, session);
  await graphql(url, `mutation($id: [ID!]!) { setOrderShippingMethod(shippingMethodId: $id) { __typename ... on ErrorResult { errorCode message } } }`, { id: [shop.shippingMethodId] }, session);
  await graphql(url, `mutation { transitionOrderToState(state: "ArrangingPayment") { __typename ... on ErrorResult { errorCode message } } }`, {}, session);
  const { addPaymentToOrder } = await graphql<{ addPaymentToOrder: Omit<PlacedOrder, 'lines'> & { lines: Array<{ id: string; quantity: number; productVariant: { sku: string } }> } }>(
    url,
    `mutation { addPaymentToOrder(input: { method: "card", metadata: {} }) { __typename ... on Order { id code state lines { id quantity productVariant { sku } } } ... on ErrorResult { errorCode message } } }`,
    {},
    session,
  );
  return { ...addPaymentToOrder, lines: addPaymentToOrder.lines.map((l) => ({ id: l.id, sku: l.productVariant.sku, quantity: l.quantity })) };
}

/** The merchant ships lines by hand (the manual fulfilment handler: carrier and tracking code typed in) and marks them shipped. */
export async function shipVendureOrder(engine: VendureEngine, lines: Array<{ orderLineId: string; quantity: number }>, parcel: { method: string; trackingCode: string }): Promise<void> {
  const { addFulfillmentToOrder } = await engine.admin<{ addFulfillmentToOrder: { id: string } }>(
    `mutation($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) { __typename ... on Fulfillment { id } ... on ErrorResult { errorCode message } } }`,
    { input: { lines, handler: { code: 'manual-fulfillment', arguments: [{ name: 'method', value: parcel.method }, { name: 'trackingCode', value: parcel.trackingCode }] } } },
  );
  await engine.admin(`mutation($id: ID!) { transitionFulfillmentToState(id: $id, state: "Shipped") { __typename ... on ErrorResult { errorCode message } } }`, { id: addFulfillmentToOrder.id });
}
