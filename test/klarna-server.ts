import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { startLocalHttp } from './local-http';

/**
 * A local stand-in for Klarna's Order Management API (https://docs.klarna.com/api/ordermanagement/):
 * `POST /ordermanagement/v1/orders/{order_id}/refunds` and `GET …/refunds/{refund_id}`.
 *
 * HTTP Basic auth with the API username and password (else 401). `Klarna-Idempotency-Key`: "input values of the
 * operation are disregarded when evaluating the idempotency of the operation, only the key matters" — a key seen
 * before returns the first answer again and creates nothing. 201 Created carries `Location` (as in Klarna's PHP
 * client tests, klarna/kco_rest_php) and `Refund-Id`. A `refunded_amount` above what is left of the captured
 * amount is refused 403 REFUND_NOT_ALLOWED. Error bodies have the shape of Klarna's own client test
 * (fixtures/klarna/error-response.json: `error_code`, `error_messages`, `correlation_id`); the 500 answer is that
 * document verbatim, the refusals' codes and texts are ours (see fixtures/SOURCES.md). A refund read back is
 * shaped like the client test's refund (fixtures/klarna/refund.json) with the amount and reference we sent.
 */
export type KlarnaFault = 'timeout' | 'refuse' | 'server_error';

type Stored = { status: number; body: unknown; headers: Record<string, string> };

export type LocalKlarna = {
  url: string;
  username: string;
  password: string;
  /** A captured order (Klarna order id → captured minor units). */
  capture(orderId: string, amount: number): void;
  fail(fault: KlarnaFault, count?: number): void;
  created: Array<{ refundId: string; orderId: string; amount: number; idempotencyKey: string | null; reference: string | null; keys: string[] }>;
  requests: Array<{ idempotencyKey: string | null; replayed: boolean; status: number }>;
  /** Klarna loses a refund (for the reconciliation test). */
  forget(refundId: string): void;
  close(): Promise<void>;
};

const fixture = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), 'fixtures/klarna', name), 'utf8')) as Record<string, unknown>;
const klarnaError = (code: string, messages: string[]) => ({ error_code: code, error_messages: messages, correlation_id: randomUUID() });

export async function startLocalKlarna(options: { lateMs?: number } = {}): Promise<LocalKlarna> {
  const username = `PK${Math.floor(Math.random() * 1e6)}_test`;
  const password = randomUUID();
  const SERVER_ERROR = fixture('error-response.json');
  const REFUND = fixture('refund.json');
  const captured = new Map<string, number>();
  const refundedOf = new Map<string, number>();
  const keys = new Map<string, Stored>();
  const faults: KlarnaFault[] = [];
  const created: LocalKlarna['created'] = [];
  const requests: LocalKlarna['requests'] = [];
  const lateMs = options.lateMs ?? 2_000;
  let base = '';

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'klarna-correlation-id': randomUUID(), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  function createRefund(orderId: string, raw: string, key: string | null): Stored {
    const total = captured.get(orderId);
    if (total === undefined) return { status: 404, body: klarnaError('NO_SUCH_ORDER', [`Order ${orderId} not found`]), headers: {} };
    let body: { refunded_amount?: unknown; reference?: unknown; description?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return { status: 400, body: klarnaError('BAD_VALUE', ['Request body is not valid JSON']), headers: {} };
    }
    const amount = body.refunded_amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0 || amount > 200_000_000) return { status: 400, body: klarnaError('BAD_VALUE', ['refunded_amount must be an integer in [0, 200000000]']), headers: {} };
    const left = total - (refundedOf.get(orderId) ?? 0);
    if (amount > left) return { status: 403, body: klarnaError('REFUND_NOT_ALLOWED', [`Refunded amount ${amount} exceeds the captured amount left (${left})`]), headers: {} };
    refundedOf.set(orderId, total - left + amount);
    const refundId = randomUUID();
    created.push({ refundId, orderId, amount, idempotencyKey: key, reference: typeof body.reference === 'string' ? body.reference : null, keys: Object.keys(body) });
    return { status: 201, body: undefined, headers: { location: `${base}/ordermanagement/v1/orders/${orderId}/refunds/${refundId}`, 'refund-id': refundId } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(res, 401, klarnaError('UNAUTHORIZED', ['Invalid credentials']));
    const url = new URL(req.url ?? '/', 'http://localhost');
    const read = /^\/ordermanagement\/v1\/orders\/([^/]+)\/refunds\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && read) {
      const mine = created.find((c) => c.orderId === read[1] && c.refundId === read[2]);
      return mine ? send(res, 200, { ...REFUND, refund_id: mine.refundId, order_id: mine.orderId, refunded_amount: mine.amount, reference: mine.reference }) : send(res, 404, klarnaError('NOT_FOUND', ['Refund not found']));
    }
    const create = /^\/ordermanagement\/v1\/orders\/([^/]+)\/refunds$/.exec(url.pathname);
    if (req.method !== 'POST' || !create) return send(res, 404, klarnaError('NOT_FOUND', ['Not found']));
    if (!/^application\/json/i.test(String(req.headers['content-type']))) return send(res, 415, klarnaError('BAD_VALUE', ['Content-Type must be application/json']));
    const key = (req.headers['klarna-idempotency-key'] as string | undefined) ?? null;
    const stored = key ? keys.get(key) : undefined;
    const fault = faults.shift();
    if (fault === 'refuse') {
      requests.push({ idempotencyKey: key, replayed: false, status: 403 });
      return send(res, 403, klarnaError('NOT_ALLOWED', ['The order is not in a state where it can be refunded']));
    }
    if (fault === 'server_error') {
      requests.push({ idempotencyKey: key, replayed: false, status: 500 });
      return send(res, 500, SERVER_ERROR);
    }
    const answer = stored ?? createRefund(create[1]!, raw, key);
    if (!stored && key && answer.status < 500) keys.set(key, answer);
    requests.push({ idempotencyKey: key, replayed: !!stored, status: answer.status });
    if (fault === 'timeout') await new Promise((resolve) => setTimeout(resolve, lateMs));
    if (!res.destroyed) send(res, answer.status, answer.body, answer.headers);
  }

  const http = await startLocalHttp(handle, (res, error) => send(res, 500, klarnaError('INTERNAL_SERVER_ERROR', [String(error)])));
  base = http.url;
  return {
    url: base,
    username,
    password,
    capture: (orderId, amount) => void captured.set(orderId, amount),
    fail: (fault, count = 1) => void faults.push(...Array.from({ length: count }, () => fault)),
    created,
    requests,
    forget(refundId) {
      const i = created.findIndex((c) => c.refundId === refundId);
      if (i >= 0) created.splice(i, 1);
    },
    close: http.close,
  };
}
