// npm run apikey -- create --name NAME [--scopes orders:write,events:write]   (prints the key on its last line)
// npm run apikey -- list
// npm run apikey -- revoke --prefix PREFIX
// Attaches to DATABASE_URL or the running embedded database (EMBEDDED_PG_DIR / EMBEDDED_PG_PORT), like db:seed.
import { parseArgs } from 'node:util';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { createApiKey } from '../lib/api-keys/create-api-key.ts';
import { listApiKeys } from '../lib/api-keys/queries.ts';
import { revokeApiKey } from '../lib/api-keys/revoke-api-key.ts';
import { API_SCOPES } from '../lib/api-keys/schemas.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

const usage = `Usage:
  npm run apikey -- create --name NAME [--scopes ${API_SCOPES.join(',')}]
  npm run apikey -- list
  npm run apikey -- revoke --prefix PREFIX`;

const [command, ...rest] = process.argv.slice(2);
let values;
try {
  ({ values } = parseArgs({ args: rest, options: { name: { type: 'string' }, scopes: { type: 'string' }, prefix: { type: 'string' } } }));
} catch (error) {
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}
if (!['create', 'list', 'revoke'].includes(command ?? '')) {
  console.error(usage);
  process.exit(2);
}
if (command === 'create' && !values.name) {
  console.error(`--name is required.\n\n${usage}`);
  process.exit(2);
}
if (command === 'revoke' && !values.prefix) {
  console.error(`--prefix is required.\n\n${usage}`);
  process.exit(2);
}
const scopes = values.scopes
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = scopes?.filter((s) => !API_SCOPES.includes(s)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown scope(s): ${unknown.join(', ')}. Known: ${API_SCOPES.join(', ')}`);
  process.exit(2);
}

const target = await resolveDatabase({ log: () => {} });
const db = createDb(target.url, { max: 2 });
const actor = { type: 'system' };
let exitCode = 0;
try {
  await runMigrations(target.url);
  if (command === 'create') {
    const created = await createApiKey({ db, actor }, { name: values.name, ...(scopes ? { scopes } : {}) });
    console.log(`Created API key "${created.name}" (prefix ${created.prefix}) with scopes: ${created.scopes.join(', ')}`);
    console.log('Store it now: it is shown only once. Send it as "Authorization: Bearer <key>".');
    console.log(created.key);
  } else if (command === 'list') {
    const keys = await listApiKeys(db);
    if (keys.length === 0) console.log('No API keys.');
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
      console.log(`${k.prefix}  ${k.name.padEnd(24)}  ${state.padEnd(32)}  last used ${k.lastUsedAt ?? 'never'}  [${k.scopes.join(',')}]`);
    }
  } else {
    const result = await revokeApiKey({ db, actor }, { prefix: values.prefix });
    console.log(result.revoked ? `Revoked API key ${values.prefix}.` : `API key ${values.prefix} was already revoked.`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.$end();
  await target.release();
}
process.exit(exitCode);
