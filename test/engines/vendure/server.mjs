// A real Vendure server for the Vendure connector's test (lib/platforms/vendure/vendure.test.ts): the stock engine on
// a database of the test PostgreSQL, schema by `synchronize`, no asset server or search plugin (nothing to download),
// and the Paluu webhook plugin. Configured by environment; prints one JSON line `{"ready":…}` once it listens.
import { bootstrap, dummyPaymentHandler, DefaultLogger, LogLevel } from '@vendure/core';
import { PaluuWebhookPlugin } from './paluu-webhook-plugin.mjs';

// Vendure reports usage to its makers unless told not to; a test must not phone anywhere (read when it boots).
process.env.VENDURE_DISABLE_TELEMETRY ??= 'true';

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function main() {
  const started = Date.now();
  const db = new URL(required('VENDURE_DATABASE_URL'));
  PaluuWebhookPlugin.init({ url: process.env.PALUU_WEBHOOK_URL, secret: process.env.PALUU_WEBHOOK_SECRET, shop: process.env.PALUU_WEBHOOK_SHOP });
  const app = await bootstrap({
    apiOptions: { hostname: '127.0.0.1', port: Number(required('VENDURE_PORT')), adminApiPath: 'admin-api', shopApiPath: 'shop-api' },
    authOptions: {
      tokenMethod: ['bearer', 'api-key'],
      superadminCredentials: { identifier: required('VENDURE_SUPERADMIN'), password: required('VENDURE_SUPERADMIN_PASSWORD') },
      requireVerification: false,
    },
    dbConnectionOptions: {
      type: 'postgres',
      host: db.hostname,
      port: Number(db.port),
      username: decodeURIComponent(db.username),
      password: decodeURIComponent(db.password),
      database: db.pathname.slice(1),
      synchronize: true,
      logging: false,
    },
    paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
    logger: new DefaultLogger({ level: LogLevel.Warn }),
    plugins: [PaluuWebhookPlugin],
  });
  process.stdout.write(JSON.stringify({ ready: true, bootMs: Date.now() - started, rssMb: Math.round(process.memoryUsage().rss / 1e6) }) + '\n');
  const stop = () => app.close().then(() => process.exit(0), () => process.exit(1));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
