import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { startLocalHttp } from './local-http';

/**
 * A local stand-in for Stripe's `POST /v1/refunds`, following the API reference (https://docs.stripe.com/api/refunds/create,
 * https://docs.stripe.com/api/idempotent_requests, https://docs.stripe.com/api/errors): form-encoded body, Bearer secret
 * key, `Idempotency-Key` (the same key returns the first response again and creates nothing; the same key with
 * other parameters is an `idempotency_error`), an `amount` above what is left of the charge refused with
 * `charge_already_refunded` / `amount_too_large`. Refund bodies start from Stripe's own fixture of the refund object
 * (fixtures/stripe/refund.json, see fixtures/SOURCES.md); error bodies follow the reference's error object.
 *
 * It can be told to answer the next requests late (after creating the refund: the client times out although money
 * moved, the case idempotency keys exist for), to refuse them, or to fail with a 500.
 */
export type StripeFault = 'timeout' | 'refuse' | 'server_error';

type Stored = { status: number; body: unknown; params: string };

export type LocalStripe = {
  url: string;
  secretKey: string;
  /** Captured amount per PaymentIntent (minor units). */
  charge(paymentIntent: string, amount: number): void;
  /** The next `count` requests meet `fault`. */
  fail(fault: StripeFault, count?: number): void;
  /** Refunds created (money that moved), in order. */
  created: Array<{ id: string; paymentIntent: string; amount: number; idempotencyKey: string | null }>;
  /** The provider changes a refund's status (e.g. a card refund that fails after it succeeded). */
  setStatus(id: string, status: string): void;
  /** Every request received (with its Idempotency-Key). */
  requests: Array<{ idempotencyKey: string | null; replayed: boolean }>;
  close(): Promise<void>;
};

const FIXTURE = JSON.parse(readFileSync(path.join(process.cwd(), 'fixtures/stripe/refund.json'), 'utf8')) as Record<string, unknown>;

function stripeError(type: string, code: string | null, message: string, param?: string) {
  return { error: { type, ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}), message, ...(param ? { param } : {}) } };
}

export async function startLocalStripe(options: { lateMs?: number } = {}): Promise<LocalStripe> {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const charges = new Map<string, number>();
  const refunded = new Map<string, number>();
  const idempotent = new Map<string, Stored>();
  const faults: StripeFault[] = [];
  const created: LocalStripe['created'] = [];
  const requests: LocalStripe['requests'] = [];
  const lateMs = options.lateMs ?? 2_000;
  const bodies = new Map<string, Record<string, unknown>>();

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(7).toString('hex')}` });
    res.end(JSON.stringify(body));
  }

  function createRefund(form: URLSearchParams, key: string | null): Stored {
    const paymentIntent = form.get('payment_intent') ?? '';
    const captured = charges.get(paymentIntent);
    if (captured === undefined) return { status: 400, body: stripeError('invalid_request_error', 'resource_missing', `No such payment_intent: '${paymentIntent}'`, 'payment_intent'), params: '' };
    const left = captured - (refunded.get(paymentIntent) ?? 0);
    const amount = form.has('amount') ? Number(form.get('amount')) : left;
    if (!Number.isInteger(amount) || amount < 1) return { status: 400, body: stripeError('invalid_request_error', 'parameter_invalid_integer', 'Invalid positive integer', 'amount'), params: '' };
    if (left <= 0) return { status: 400, body: stripeError('invalid_request_error', 'charge_already_refunded', `Charge for PaymentIntent ${paymentIntent} has already been refunded.`), params: '' };
    if (amount > left) return { status: 400, body: stripeError('invalid_request_error', 'amount_too_large', `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount'), params: '' };
    refunded.set(paymentIntent, (refunded.get(paymentIntent) ?? 0) + amount);
    const id = `re_${randomBytes(12).toString('hex')}`;
    created.push({ id, paymentIntent, amount, idempotencyKey: key });
    bodies.set(id, { ...FIXTURE, id, amount, currency: 'eur', payment_intent: paymentIntent, status: 'succeeded' });
    const metadata: Record<string, string> = {};
    for (const [name, value] of form) {
      const m = /^metadata\[(.+)\]$/.exec(name);
      if (m) metadata[m[1]!] = value;
    }
    const body = { ...FIXTURE, id, amount, currency: 'eur', payment_intent: paymentIntent, metadata, reason: form.get('reason'), created: Math.floor(Date.now() / 1000), status: 'succeeded' };
    return { status: 200, body, params: '' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    if (req.headers.authorization !== `Bearer ${secretKey}`) return send(res, 401, stripeError('invalid_request_error', null, 'Invalid API Key provided'));
    // GET /v1/refunds/{id}: the refund as Stripe holds it now (https://docs.stripe.com/api/refunds/retrieve).
    const retrieve = /^\/v1\/refunds\/(re_[A-Za-z0-9]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && retrieve) {
      const body = bodies.get(retrieve[1]!);
      return body ? send(res, 200, body) : send(res, 404, stripeError('invalid_request_error', 'resource_missing', `No such refund: '${retrieve[1]}'`, 'id'));
    }
    if (req.method !== 'POST' || req.url !== '/v1/refunds') return send(res, 404, stripeError('invalid_request_error', null, `Unrecognized request URL (${req.method}: ${req.url})`));
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const stored = key ? idempotent.get(key) : undefined;
    requests.push({ idempotencyKey: key, replayed: !!stored });
    const fault = faults.shift();
    if (fault === 'refuse') return send(res, 402, stripeError('card_error', 'expired_or_canceled_card', 'The customer\u2019s card was canceled; the refund cannot be sent to it.'));
    if (fault === 'server_error') return send(res, 500, stripeError('api_error', null, 'An unknown error occurred'));
    let answer: Stored;
    if (stored) {
      if (stored.params !== raw) answer = { status: 400, body: stripeError('idempotency_error', null, `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`), params: raw };
      else answer = stored;
    } else {
      answer = { ...createRefund(new URLSearchParams(raw), key), params: raw };
      // Stripe saves the result of the first request with a key, errors included (except 500s).
      if (key) idempotent.set(key, answer);
    }
    if (fault === 'timeout') {
      // The refund was made; the answer comes too late for the client.
      await new Promise((resolve) => setTimeout(resolve, lateMs));
    }
    if (!res.destroyed) send(res, answer.status, answer.body);
  }

  const http = await startLocalHttp(handle, (res, error) => send(res, 500, stripeError('api_error', null, String(error))));
  return {
    url: http.url,
    secretKey,
    charge: (paymentIntent, amount) => void charges.set(paymentIntent, amount),
    setStatus: (id, status) => void bodies.set(id, { ...bodies.get(id), status }),
    fail: (fault, count = 1) => void faults.push(...Array.from({ length: count }, () => fault)),
    created,
    requests,
    close: http.close,
  };
}
