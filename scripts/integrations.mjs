// npm run integrations -- add shopify --shop-domain D --access-token T --webhook-secret S
// npm run integrations -- add woocommerce --url U --consumer-key K --consumer-secret C --webhook-secret S
// npm run integrations -- add vendure --url U --token T --webhook-secret S
// npm run integrations -- list
// npm run integrations -- remove ID
// npm run integrations -- backfill ID --days N
// npm run integrations -- backfill ID --products
// npm run integrations -- test ID
// Attaches to DATABASE_URL or the running embedded database (EMBEDDED_PG_DIR / EMBEDDED_PG_PORT), like db:seed.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { parseArgs } from 'node:util';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

// The order and shipment use cases carry `import 'server-only'` (a Next.js bundle marker): let plain Node load them,
// as the worker does (scripts/lib/server-only-hook.mjs).
register('./lib/server-only-hook.mjs', import.meta.url);
const { addShopifyIntegration, addVendureIntegration, addWooIntegration, listIntegrations, removeIntegration } = await import('../lib/platforms/integrations.ts');
const { runBackfill, runProductBackfill, testConnection } = await import('../lib/platforms/run-backfill.ts');

const usage = `Usage:
  npm run integrations -- add shopify --shop-domain SHOP.myshopify.com --access-token TOKEN --webhook-secret SECRET
  npm run integrations -- add woocommerce --url https://STORE --consumer-key ck_… --consumer-secret cs_… --webhook-secret SECRET
  npm run integrations -- add vendure --url https://SHOP --token ADMIN_API_KEY --webhook-secret SECRET
  npm run integrations -- list
  npm run integrations -- remove ID
  npm run integrations -- backfill ID --days N
  npm run integrations -- backfill ID --products
  npm run integrations -- test ID`;

/** `add PLATFORM`: the flags it needs, the use case's input from them, and what to do next. */
const ADD = {
  shopify: {
    required: ['shop-domain', 'access-token', 'webhook-secret'],
    add: (ctx, v) => addShopifyIntegration(ctx, { shopDomain: v['shop-domain'], accessToken: v['access-token'], webhookSecret: v['webhook-secret'], ...apiOrigin(v) }),
    connected: 'Connected Shopify shop',
    next: 'Register the webhooks (docs/platforms.md) to POST <portal>/api/integrations/shopify/webhooks.',
  },
  woocommerce: {
    required: ['url', 'consumer-key', 'consumer-secret', 'webhook-secret'],
    add: (ctx, v) => addWooIntegration(ctx, { url: v.url, consumerKey: v['consumer-key'], consumerSecret: v['consumer-secret'], webhookSecret: v['webhook-secret'], ...apiOrigin(v) }),
    connected: 'Connected WooCommerce store',
    next: 'Add the webhooks (docs/platforms.md) with delivery URL <portal>/api/integrations/woocommerce/webhooks and this secret.',
  },
  vendure: {
    required: ['url', 'token', 'webhook-secret'],
    add: (ctx, v) => addVendureIntegration(ctx, { url: v.url, token: v.token, webhookSecret: v['webhook-secret'], ...apiOrigin(v) }),
    connected: 'Connected Vendure shop',
    next: 'Add the Paluu plugin to the Vendure config (docs/platforms.md) with url <portal>/api/integrations/vendure/webhooks, this secret and shop set to the URL above.',
  },
};
function apiOrigin(values) {
  return values['api-origin'] ? { apiOrigin: values['api-origin'] } : {};
}

const errorTexts = JSON.parse(readFileSync(new URL('../messages/en.json', import.meta.url), 'utf8')).staffAdmin?.integrations?.errors ?? {};
/** Validation messages are catalog keys (staffAdmin.integrations.errors.*); the CLI prints their English text. */
function explain(error) {
  if (error?.name === 'ZodError' || Array.isArray(error?.issues)) {
    return error.issues.map((i) => `${i.path.join('.') || 'input'}: ${errorTexts[i.message] ?? i.message}`).join('\n');
  }
  const fields = error?.details?.fields;
  if (fields) return `${error.message}\n${Object.entries(fields).map(([k, v]) => `${k}: ${v.map((m) => errorTexts[m] ?? m).join(', ')}`).join('\n')}`;
  return error instanceof Error ? error.message : String(error);
}

const [command, ...rest] = process.argv.slice(2);
let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'shop-domain': { type: 'string' },
      'access-token': { type: 'string' },
      'webhook-secret': { type: 'string' },
      url: { type: 'string' },
      'consumer-key': { type: 'string' },
      'consumer-secret': { type: 'string' },
      token: { type: 'string' },
      'api-origin': { type: 'string' },
      days: { type: 'string' },
      products: { type: 'boolean' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}
const needsId = ['remove', 'backfill', 'test'].includes(command ?? '');
const adding = command === 'add' && positionals.length === 1 && Object.hasOwn(ADD, positionals[0]) ? ADD[positionals[0]] : undefined;
if (!['add', 'list', ...(needsId ? [command] : [])].includes(command ?? '') || (needsId && positionals.length !== 1) || (command === 'add' && !adding)) {
  console.error(usage);
  process.exit(2);
}
if (adding && adding.required.some((flag) => !values[flag])) {
  const flags = adding.required.map((flag) => `--${flag}`);
  console.error(`${flags.slice(0, -1).join(', ')} and ${flags.at(-1)} are required.\n\n${usage}`);
  process.exit(2);
}
if (command === 'backfill' && !values.days === !values.products) {
  console.error(`Either --days (orders) or --products is required.\n\n${usage}`);
  process.exit(2);
}

const target = await resolveDatabase({ log: () => {} });
const db = createDb(target.url, { max: 2 });
const ctx = { db, actor: { type: 'system' } };
let exitCode = 0;
try {
  await runMigrations(target.url);
  if (adding) {
    const added = await adding.add(ctx, values);
    console.log(`${adding.connected} ${added.domain} (id ${added.id}). Credentials are stored sealed.`);
    console.log(adding.next);
    console.log(added.id);
  } else if (command === 'list') {
    const all = await listIntegrations(db);
    if (all.length === 0) console.log('No integrations.');
    for (const i of all) {
      const backfill = i.lastBackfillAt ? `last backfill ${i.lastBackfillAt.toISOString()} ${JSON.stringify(i.lastBackfillResult)}` : 'never backfilled';
      console.log(`${i.id}  ${i.platform.padEnd(11)}  ${i.domain.padEnd(40)}  ${backfill}`);
    }
  } else if (command === 'remove') {
    await removeIntegration(ctx, positionals[0]);
    console.log(`Removed integration ${positionals[0]}.`);
  } else if (command === 'backfill' && values.products) {
    const result = await runProductBackfill(ctx, positionals[0]);
    console.log(`Backfilled ${result.products} product(s), ${result.variants} variant(s): ${result.created} created, ${result.updated} updated, ${result.stale} unchanged, ${result.discontinued} no longer offered, ${result.skipped} skipped (${result.pages} page(s)).`);
  } else if (command === 'backfill') {
    const result = await runBackfill(ctx, positionals[0], values.days);
    console.log(`Backfilled ${result.orders} order(s) from the last ${result.days} day(s): ${result.created} created, ${result.updated} updated, ${result.stale} unchanged, ${result.skipped} skipped (${result.pages} page(s)).`);
  } else {
    const result = await testConnection(ctx, positionals[0]);
    if (result.ok) console.log(`Connected: ${result.name}`);
    else {
      console.error(`Not connected: ${result.message}`);
      exitCode = 1;
    }
  }
} catch (error) {
  console.error(explain(error));
  exitCode = 1;
} finally {
  await db.$end();
  await target.release();
}
process.exit(exitCode);
