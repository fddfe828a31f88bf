// Serves the Next.js app. A thin custom server so the app knows the real client address:
// Next.js itself keeps any X-Forwarded-For a client sends, which would let one client pose as many.
import http from 'node:http';
import next from 'next';
import { tsImport } from 'tsx/esm/api';
import { CLIENT_IP_HEADER, resolveClientIp } from './lib/client-ip.mjs';
import { stripInternalHeaders, transportSecurityHeaders } from './lib/internal-headers.mjs';
import { exitWhenOrphaned } from './lib/orphan.mjs';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
const transportHeaders = Object.entries(transportSecurityHeaders(process.env.APP_URL));

const app = next({ dev, hostname: 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();

// The tracking page's render cache (lib/tracking/page-cache.ts): loaded through a scoped TypeScript
// loader, so Next.js itself runs without one. PAGE_CACHE_ORDERS=0 turns it off; never in dev.
const pageCacheOrders = Number(process.env.PAGE_CACHE_ORDERS ?? 500);
const pageCache =
  !dev && process.env.DATABASE_URL && pageCacheOrders > 0
    ? await (await tsImport('../lib/tracking/page-cache.ts', import.meta.url)).createPageCache({
        databaseUrl: process.env.DATABASE_URL,
        maxOrders: pageCacheOrders,
      })
    : null;
const render = (req, res) =>
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
  });

const server = http.createServer((req, res) => {
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
  if (!pageCache) return void render(req, res);
  pageCache.handle(req, res, () => render(req, res)).then(
    (answered) => answered || render(req, res),
    () => res.headersSent || render(req, res),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  process.send?.({ type: 'listening', port });
});

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections?.();
  await pageCache?.close();
  await app.close?.().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', close);
process.on('SIGINT', close);
exitWhenOrphaned(close);
