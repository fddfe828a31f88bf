import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LocalHttp = { url: string; close(): Promise<void> };

/** What a stand-in answers when its handler throws, unless it gives its own: a bare 500. */
const bare500 = (res: ServerResponse) => {
  res.writeHead(500);
  res.end();
};

/**
 * A provider API stand-in's HTTP server (test/stripe-server.ts, paytrail-server.ts, klarna-server.ts, the carrier
 * booking stand-ins) on 127.0.0.1 and a free port. `handle` gets each request with its body read; a request it
 * leaves unanswered is a 404 (a path the API does not have), one that throws is answered by `onError`.
 * `close` also drops kept-alive connections (an attempt the test let time out may still hold one).
 */
export async function startLocalHttp(
  handle: (req: IncomingMessage, res: ServerResponse, raw: string) => Promise<unknown>,
  onError: (res: ServerResponse, error: unknown) => void = bare500,
): Promise<LocalHttp> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, res, raw))
      .then(() => {
        if (!res.headersSent) {
          res.writeHead(404);
          res.end();
        }
      })
      .catch((error: unknown) => onError(res, error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
