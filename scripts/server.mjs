// Serves the Next.js app. A thin custom server so the app knows the real client address:
// Next.js itself keeps any X-Forwarded-For a client sends, which would let one client pose as many.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { IncomingMessage } from 'node:http';
import next from 'next';
import { tsImport } from 'tsx/esm/api';
import { checkActionBody, formatSize, loadActions, readBodyCapped, refusalLocale, screenActionHeaders } from './lib/action-guard.mjs';
import { CLIENT_IP_HEADER, resolveClientIp } from './lib/client-ip.mjs';
import { observeRequest } from './lib/http-metrics.mjs';
import { logger, requestContext, requestIdOf } from './lib/log.mjs';
import { stripInternalHeaders, transportSecurityHeaders } from './lib/internal-headers.mjs';
import { exitWhenOrphaned } from './lib/orphan.mjs';
import { startTracing, traceRequest } from './lib/tracing.mjs';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
const transportHeaders = Object.entries(transportSecurityHeaders(process.env.APP_URL));

const log = logger('web');
// OpenTelemetry (scripts/lib/tracing.mjs): on only with OTEL_EXPORTER_OTLP_ENDPOINT; registered before Next.js
// loads, so its own spans and the database spans nest under each request's span.
const stopTracing = await startTracing('paluu-web');
const app = next({ dev, hostname: 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();

// Server actions by id (the build's manifest; in dev it grows as pages compile, so it is re-read, and an id
// not in it yet is left to Next.js).
let actions = dev ? new Map() : loadActions();
const actionsFor = () => {
  if (dev) {
    for (const distDir of ['.next/dev', '.next']) {
      try {
        actions = loadActions(distDir);
        break;
      } catch {
        // not compiled yet
      }
    }
  }
  return actions;
};
// Refusals are plain text in the visitor's language (Next.js's client shows a text/plain error's body).
const refusals = Object.fromEntries(
  ['fi', 'sv', 'en', 'da', 'nb'].map((locale) => [locale, JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')).requestGuard]),
);
const REFUSAL_TEXT = { tooLarge: 'tooLarge', crossOrigin: 'crossOrigin', unknownAction: 'badRequest', badBody: 'badRequest', badArguments: 'badRequest' };
function refuse(req, res, { status, reason, policy }) {
  const texts = refusals[refusalLocale(req)];
  const key = status === 411 ? 'lengthRequired' : REFUSAL_TEXT[reason] ?? 'badRequest';
  const text = texts[key].replace('{maxSize}', formatSize(policy?.maxBytes ?? 0));
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
  res.end(text);
  // The body is never kept: what the client still sends is discarded as it arrives (closing at once would
  // reset the connection before the client reads this answer). A client still sending after 10 s is cut off.
  req.resume();
  if (!req.complete) {
    const cutOff = setTimeout(() => req.complete || req.socket?.destroy(), 10_000);
    cutOff.unref();
    req.once('end', () => clearTimeout(cutOff));
  }
}

/** The same request with its (already read and checked) body, for Next.js to read again. */
function replay(req, body) {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.httpVersion = req.httpVersion;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.complete = true;
  copy._read = () => {};
  copy.push(body);
  copy.push(null);
  return copy;
}

/** Page POSTs and server actions: size, origin, action id and arguments before Next.js reads them. */
async function screen(req, res) {
  const verdict = screenActionHeaders(req, { actions: actionsFor(), appUrl: process.env.APP_URL, lenient: dev });
  if (!verdict) return req;
  if (verdict.status) return void refuse(req, res, verdict);
  if (verdict.policy.stream || !verdict.isAction) return req;
  const body = await readBodyCapped(req, verdict.policy.maxBytes);
  if (!body) return void refuse(req, res, { status: 413, reason: 'tooLarge', policy: verdict.policy });
  const problem = await checkActionBody(body, req.headers['content-type'], verdict.policy);
  if (problem) return void refuse(req, res, { status: 400, reason: problem, policy: verdict.policy });
  return replay(req, body);
}

// The render cache of the tracking-link view and the lookup page (lib/tracking/page-cache.ts): loaded through a
// scoped TypeScript loader, so Next.js itself runs without one. PAGE_CACHE_ORDERS=0 turns it off; never in dev.
const pageCacheOrders = Number(process.env.PAGE_CACHE_ORDERS ?? 500);
const pageCache =
  !dev && process.env.DATABASE_URL && pageCacheOrders > 0
    ? await (await tsImport('../lib/tracking/page-cache.ts', import.meta.url)).createPageCache({
        databaseUrl: process.env.DATABASE_URL,
        maxOrders: pageCacheOrders,
      })
    : null;
// Every page's nonce policy and a customer page's language (lib/http/csp.ts), set here instead of in proxy.ts.
const { pageRequestHeaders } = await tsImport('../lib/http/csp.ts', import.meta.url);
const cspOptions = { dev, https: (process.env.APP_URL ?? '').startsWith('https://') };
function render(req, res) {
  const page = pageRequestHeaders((req.url ?? '/').split('?')[0], cspOptions);
  if (page) {
    Object.assign(req.headers, page.request);
    res.setHeader('Content-Security-Policy', page.policy);
  }
  return handle(req, res).catch((error) => {
    log.error({ err: error, requestId: req.headers['x-request-id'] }, 'request failed');
    if (!res.headersSent) res.writeHead(500).end();
  });
}

/**
 * One JSON log line per request: its id, method, route group (never the path: it carries order numbers
 * and tracking-link tokens), status and duration. Health checks and static files only when slow or failing.
 */
function logRequest(requestId, { group, method, status, seconds, aborted }) {
  const ms = Math.round(seconds * 10_000) / 10;
  if ((group === 'health' || group === 'static') && status < 400 && ms < 1000) return;
  log[status >= 500 ? 'error' : 'info']({ requestId, method, group, status, ms, aborted: aborted || undefined }, 'request');
}

const inFlight = new Set();
const server = http.createServer((req, res) => {
  inFlight.add(res);
  res.once('close', () => inFlight.delete(res));
  if (closing) {
    // Draining: this answer is the connection's last, and readiness says "not ready".
    res.setHeader('Connection', 'close');
    if ((req.url ?? '').startsWith('/api/health/ready')) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end('{"ready":false,"reason":"shutting down"}');
      return;
    }
  }
  // The request id: from the proxy's X-Request-Id when valid, else new; answered back, readable by the app
  // (lib/core/request-context.ts) and stored on the mail and events the request queues for the worker.
  const requestId = requestIdOf(req.headers['x-request-id'], randomUUID);
  req.headers['x-request-id'] = requestId;
  res.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId }, () => traceRequest(req, res, requestId, () => serve(req, res, requestId)));
});

function serve(req, res, requestId) {
  // Request count and latency per route group for /api/metrics, and the request's log line.
  observeRequest(req, res, (figures) => logRequest(requestId, figures));
  stripInternalHeaders(req.headers);
  // HSTS only where the site is served over TLS (APP_URL https://; the reverse proxy terminates TLS).
  for (const [name, value] of transportHeaders) res.setHeader(name, value);
  // Next.js answers 500 to a path with broken percent-encoding (/t/%E0%A4%A); that is bad input: 400.
  try {
    decodeURIComponent((req.url ?? '/').split('?')[0]);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Bad request: malformed URL.');
    return;
  }
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedHops);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    screen(req, res).then(
      (checked) => checked && render(checked, res),
      (error) => {
        log.warn({ err: error, requestId }, 'request refused');
        if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request.');
      },
    );
    return;
  }
  if (!pageCache) return void render(req, res);
  pageCache.handle(req, res, () => render(req, res)).then(
    (answered) => answered || render(req, res),
    () => res.headersSent || render(req, res),
  );
}
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  // The port really listened on (PORT=0 picks one): links without APP_URL use it (lib/core/url.ts).
  const listened = server.address().port;
  process.env.PORT = String(listened);
  process.send?.({ type: 'listening', port: listened });
});

// Graceful shutdown (SIGTERM from the supervisor, the orchestrator or Ctrl-C): stop accepting connections,
// answer readiness 503 so a load balancer that still sends here takes the server out, let the requests in
// flight finish (keep-alive connections are told to close after their current answer), then exit.
// DRAIN_TIMEOUT_MS (default 7 s, inside npm start's 8 s before SIGKILL) caps the wait; what is still open then is cut.
let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeIdleConnections?.();
  // The staff desk's live streams (server-sent events, lib/cases/live-hub.ts) never end by themselves: end them
  // now (their presence rows go too); the browsers reconnect to another instance.
  globalThis.paluuLiveHub?.endStreams();
  // Answers still being worked on end their connection (no further request on a keep-alive socket).
  for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
  const deadline = Date.now() + Number(process.env.DRAIN_TIMEOUT_MS ?? 7000);
  while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (inFlight.size > 0) log.warn({ inFlight: inFlight.size }, 'drain timeout: cutting the requests still open');
  else log.info('drained: every request in flight was answered');
  server.closeAllConnections?.();
  await pageCache?.close();
  await app.close?.().catch(() => {});
  await stopTracing();
  process.exit(0);
}
process.on('SIGTERM', close);
process.on('SIGINT', close);
exitWhenOrphaned(close);
