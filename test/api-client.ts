import { inject } from 'vitest';
import { createApiKey } from '../lib/api-keys/create-api-key';
import type { ApiScope } from '../lib/api-keys/schemas';
import { testDb, uniqueId } from './db';

// Route handlers read the app's pool through getDb(); point it at the test database.
process.env.DATABASE_URL ??= inject('databaseUrl');

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  key?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  path?: string;
  method?: string;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert response fields one by one
export type CallResult = { status: number; headers: Headers; json: any };

/** Calls a route handler with a real Request, the way Next.js does. */
export async function call(handler: Handler, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const init: RequestInit & { duplex?: 'half' } = { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body };
  if (body instanceof ReadableStream) init.duplex = 'half';
  const request = new Request(`http://localhost${options.path ?? '/api/v1/test'}`, init);
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json };
}

export async function newKey(scopes?: ApiScope[]): Promise<{ id: string; key: string; prefix: string }> {
  return createApiKey({ db: testDb(), actor: { type: 'system' } }, { name: uniqueId('test-key'), ...(scopes ? { scopes } : {}) });
}

let seq = 0;
/** A valid PUT /orders body with two lines. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    email: 'maija.merchant@example.com',
    customerName: 'Maija Meikäläinen',
    phone: '+358401234567',
    locale: 'fi',
    currency: 'EUR',
    placedAt: '2026-11-20T10:15:00+02:00',
    shippingAddress: { name: 'Maija Meikäläinen', line1: 'Mannerheimintie 1 A 2', postalCode: '00100', city: 'Helsinki', country: 'FI' },
    lines: [
      { sku: 'SWEATER-M', title: 'Merino Sweater', options: { size: 'M' }, quantity: 2, unitPrice: 5990 },
      { sku: 'SOCKS-39', title: 'Wool Socks', quantity: 3, unitPrice: 1490, finalSale: true },
    ],
    capturedAmount: 2 * 5990 + 3 * 1490,
    ...overrides,
  };
}

export function newOrderNumber(): string {
  return `API-${Date.now().toString(36)}-${(seq++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
}

export function newTrackingNumber(): string {
  return `JJFI${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`.toUpperCase();
}
