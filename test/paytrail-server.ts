import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
// The official SDK's own signature function: the server checks our requests with it, not with our code.
import { Signature } from '@paytrail/paytrail-js-sdk/dist/utils/signature.util';
import { startLocalHttp } from './local-http';

/**
 * A local stand-in for Paytrail's Payment API (https://docs.paytrail.com, paytrail/api-documentation README and
 * examples.md): `POST /payments/{transactionId}/refund` and `GET /payments/{transactionId}`.
 *
 * Every request must carry the documented `checkout-*` headers (account = the merchant id, algorithm sha256 or
 * sha512, method = the HTTP verb, a nonce never used before, a timestamp, `checkout-transaction-id` = the path's
 * transaction) and a `signature` that the SDK's `Signature.calculateHmac` computes over those headers and the body:
 * otherwise 401. Refund answers start from the documented example (fixtures/paytrail/refund-response-*.json) with
 * the refund's own transaction id; a `refundStamp` seen before returns the first answer again and moves no money
 * (an assumption: Paytrail documents refundStamp as the merchant's unique id of the refund, not its replay rule).
 * Error bodies `{ status: "error", message }` are written by us (assumption, see fixtures/SOURCES.md).
 *
 * Faults: the next requests can answer late after making the refund (`timeout`), refuse (`refuse`, 400 with a
 * message), fail with a 500 (`server_error`), or answer `pending` (`pending`: the money moves when the test calls
 * back with `callbackParams`).
 */
export type PaytrailFault = 'timeout' | 'refuse' | 'server_error' | 'pending';

type Stored = { status: number; body: unknown };

export type LocalPaytrail = {
  url: string;
  merchantId: string;
  secretKey: string;
  /** A paid payment (transaction id → captured minor units). */
  pay(transactionId: string, amount: number): void;
  fail(fault: PaytrailFault, count?: number): void;
  /** Refunds that moved money, in order. */
  created: Array<{ refundTransactionId: string; transactionId: string; amount: number; refundStamp: string; refundReference: string; status: 'ok' | 'pending' | 'fail' }>;
  /** Every request received, with its refundStamp and whether it replayed an earlier answer. */
  requests: Array<{ method: string; path: string; refundStamp: string | null; replayed: boolean; status: number }>;
  /** The signed query parameters Paytrail would call a refund's callback URL with. */
  callbackParams(refundTransactionId: string, status: 'ok' | 'fail' | 'pending', secret?: string): URLSearchParams;
  setStatus(refundTransactionId: string, status: 'ok' | 'pending' | 'fail'): void;
  close(): Promise<void>;
};

const fixture = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), 'fixtures/paytrail', name), 'utf8')) as Record<string, unknown>;

export async function startLocalPaytrail(options: { lateMs?: number } = {}): Promise<LocalPaytrail> {
  // Paytrail's published test account (README "Test credentials").
  const merchantId = '375917';
  const secretKey = 'SAIPPUAKAUPPIAS';
  const OK = fixture('refund-response-ok.json');
  const PENDING = fixture('refund-response-pending.json');
  const GET = fixture('payment-get-response.json');
  const payments = new Map<string, number>();
  const refundedOf = new Map<string, number>();
  const stamps = new Map<string, Stored>();
  const nonces = new Set<string>();
  const faults: PaytrailFault[] = [];
  const created: LocalPaytrail['created'] = [];
  const requests: LocalPaytrail['requests'] = [];
  const lateMs = options.lateMs ?? 2_000;

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'request-id': randomUUID() });
    res.end(JSON.stringify(body));
  }

  function authorized(req: IncomingMessage, raw: string, transactionId: string): string | null {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (name.startsWith('checkout-') && typeof value === 'string') headers[name] = value;
    if (headers['checkout-account'] !== merchantId) return 'checkout-account is not this merchant';
    const algorithm = headers['checkout-algorithm'];
    if (algorithm !== 'sha256' && algorithm !== 'sha512') return 'checkout-algorithm must be sha256 or sha512';
    if (headers['checkout-method'] !== req.method) return 'checkout-method does not match the request';
    if (!headers['checkout-nonce'] || nonces.has(headers['checkout-nonce'])) return 'checkout-nonce is missing or was used before';
    if (!headers['checkout-timestamp'] || Number.isNaN(Date.parse(headers['checkout-timestamp']))) return 'checkout-timestamp is missing';
    if (headers['checkout-transaction-id'] !== transactionId) return 'checkout-transaction-id does not match the path';
    if (raw && !/^application\/json; charset=utf-8$/i.test(String(req.headers['content-type']))) return 'content-type must be application/json; charset=utf-8';
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : '';
    // The SDK serialises the body with JSON.stringify: equal to what was sent only when it was sent exactly so.
    if (raw && JSON.stringify(body) !== raw) return 'body is not in the signed form';
    const expected = Signature.calculateHmac(secretKey, headers, body, algorithm);
    if (req.headers.signature !== expected) return 'HMAC signature mismatch';
    nonces.add(headers['checkout-nonce']);
    return null;
  }

  function refund(transactionId: string, body: Record<string, unknown>, pending: boolean): Stored {
    const captured = payments.get(transactionId);
    if (captured === undefined) return { status: 404, body: { status: 'error', message: 'Transaction not found' } };
    const amount = body.amount;
    const stamp = body.refundStamp;
    const urls = body.callbackUrls as { success?: unknown; cancel?: unknown } | undefined;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) return { status: 400, body: { status: 'error', message: 'amount must be a positive integer' } };
    if (typeof urls?.success !== 'string' || typeof urls.cancel !== 'string') return { status: 400, body: { status: 'error', message: 'callbackUrls.success and callbackUrls.cancel are required' } };
    const left = captured - (refundedOf.get(transactionId) ?? 0);
    if (amount > left) return { status: 400, body: { status: 'error', message: `Refund amount ${amount} exceeds the refundable amount ${left}` } };
    refundedOf.set(transactionId, captured - left + amount);
    const refundTransactionId = randomUUID();
    created.push({ refundTransactionId, transactionId, amount, refundStamp: String(stamp ?? ''), refundReference: String(body.refundReference ?? ''), status: pending ? 'pending' : 'ok' });
    return { status: 201, body: { ...(pending ? PENDING : OK), transactionId: refundTransactionId } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refundPath = /^\/payments\/([0-9a-f-]{36})\/refund$/.exec(url.pathname);
    const getPath = /^\/payments\/([0-9a-f-]{36})$/.exec(url.pathname);
    const transactionId = refundPath?.[1] ?? getPath?.[1];
    if (!transactionId || (refundPath && req.method !== 'POST') || (getPath && req.method !== 'GET')) return send(res, 404, { status: 'error', message: 'Not found' });
    const denied = authorized(req, raw, transactionId);
    if (denied) {
      requests.push({ method: req.method!, path: url.pathname, refundStamp: null, replayed: false, status: 401 });
      return send(res, 401, { status: 'error', message: denied });
    }
    if (getPath) {
      const mine = created.find((c) => c.refundTransactionId === transactionId);
      if (!mine) return send(res, 404, { status: 'error', message: 'Transaction not found' });
      return send(res, 200, { ...GET, transactionId, status: mine.status, amount: mine.amount });
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    const stamp = typeof body.refundStamp === 'string' ? body.refundStamp : null;
    const stored = stamp ? stamps.get(stamp) : undefined;
    const fault = faults.shift();
    if (fault === 'refuse') {
      requests.push({ method: 'POST', path: url.pathname, refundStamp: stamp, replayed: false, status: 400 });
      return send(res, 400, { status: 'error', message: 'Refund not allowed: the payment method provider rejected the refund' });
    }
    if (fault === 'server_error') {
      requests.push({ method: 'POST', path: url.pathname, refundStamp: stamp, replayed: false, status: 500 });
      return send(res, 500, { status: 'error', message: 'Internal server error' });
    }
    const answer = stored ?? refund(transactionId, body, fault === 'pending');
    if (!stored && stamp && answer.status < 300) stamps.set(stamp, answer);
    requests.push({ method: 'POST', path: url.pathname, refundStamp: stamp, replayed: !!stored, status: answer.status });
    if (fault === 'timeout') await new Promise((resolve) => setTimeout(resolve, lateMs));
    if (!res.destroyed) send(res, answer.status, answer.body);
  }

  const http = await startLocalHttp(handle, (res, error) => send(res, 500, { status: 'error', message: String(error) }));
  return {
    url: http.url,
    merchantId,
    secretKey,
    pay: (transactionId, amount) => void payments.set(transactionId, amount),
    fail: (fault, count = 1) => void faults.push(...Array.from({ length: count }, () => fault)),
    created,
    requests,
    setStatus(refundTransactionId, status) {
      const mine = created.find((c) => c.refundTransactionId === refundTransactionId);
      if (mine) mine.status = status;
    },
    callbackParams(refundTransactionId, status, secret = secretKey) {
      const mine = created.find((c) => c.refundTransactionId === refundTransactionId);
      // The parameters of a payment callback (README "Redirect and callback URL parameters"), for the refund.
      const params: Record<string, string> = {
        'checkout-account': merchantId,
        'checkout-algorithm': 'sha256',
        'checkout-amount': String(mine?.amount ?? 0),
        'checkout-stamp': mine?.refundStamp ?? '',
        'checkout-reference': mine?.refundReference ?? '',
        'checkout-transaction-id': refundTransactionId,
        'checkout-status': status,
        'checkout-provider': 'spankki',
      };
      return new URLSearchParams({ ...params, signature: Signature.calculateHmac(secret, params, '', 'sha256') });
    },
    close: http.close,
  };
}
