import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, detailsOf, errorStatus, toActionResult, toHttpResponse } from './errors';

describe('one error model for API, actions and forms', () => {
  it('maps each code to its HTTP status with the contract body', async () => {
    for (const [code, status] of Object.entries(errorStatus)) {
      const response = toHttpResponse(new AppError(code as keyof typeof errorStatus, 'Explained.'));
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: 'Explained.' } });
    }
  });

  it('rate limits carry Retry-After', () => {
    const response = toHttpResponse(new AppError('rate_limited', 'Slow down.', { retryAfterSeconds: 42 }));
    expect(response.headers.get('Retry-After')).toBe('42');
  });

  it('validation failures are 422 with the failing fields', async () => {
    const parsed = z.object({ email: z.email(), lines: z.array(z.object({ quantity: z.number().positive() })) }).safeParse({ email: 'x', lines: [{ quantity: 0 }] });
    const response = toHttpResponse(parsed.error);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('invalid_input');
    expect(Object.keys(body.error.details.fields).sort()).toEqual(['email', 'lines.0.quantity']);
    expect(toActionResult(parsed.error)).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { email: expect.any(Array) } });
  });

  it('an unknown error is a generic 500 to the API and is rethrown by actions', async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const response = toHttpResponse(new Error('connection string with a password'));
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toContain('password');
    } finally {
      console.error = original;
    }
    expect(() => toActionResult(new Error('boom'))).toThrow('boom');
  });
});

describe('a database outage', () => {
  it('is a temporary 503 for the API and a friendly result for forms, not a crash', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Failed query', { cause: refused });
    const original = console.error;
    console.error = () => {};
    try {
      const response = toHttpResponse(wrapped);
      expect(response.status).toBe(503);
      expect(response.headers.get('Retry-After')).toBe('30');
      expect(toActionResult(wrapped)).toEqual({ ok: false, code: 'unavailable' });
    } finally {
      console.error = original;
    }
  });
});

describe('typed details per code', () => {
  it('the API body carries the details of the code, as given', async () => {
    const refused = toHttpResponse(new AppError('invalid_state', 'Other currency.', { details: { reason: 'currency_mismatch', currency: 'EUR' } }));
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ error: { code: 'invalid_state', message: 'Other currency.', details: { reason: 'currency_mismatch', currency: 'EUR' } } });
    const taken = toHttpResponse(new AppError('conflict', 'Taken.', { details: { fields: { trackingNumber: ['Already used.'] }, shipmentId: 's1' } }));
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.details).toEqual({ fields: { trackingNumber: ['Already used.'] }, shipmentId: 's1' });
  });

  it('detailsOf reads the details only for the code asked', () => {
    const error = new AppError('forbidden', 'No.', { details: { scope: 'orders:write' } });
    expect(detailsOf(error, 'forbidden')).toEqual({ scope: 'orders:write' });
    expect(detailsOf(error, 'conflict')).toBeUndefined();
    expect(detailsOf(new Error('x'), 'forbidden')).toBeUndefined();
  });

  it('the compiler refuses details of the wrong shape for a code (checked by tsc)', () => {
    const wrong = () => [
      // @ts-expect-error unauthorized carries no details
      new AppError('unauthorized', 'No key.', { details: { reason: 'x' } }),
      // @ts-expect-error a conflict says why (reason), which fields, or what the record is now
      new AppError('conflict', 'Changed.', { details: { somethingElse: 1 } }),
      // @ts-expect-error forbidden names a permission or a scope, as a string
      new AppError('forbidden', 'No.', { details: { scope: 42 } }),
    ];
    expect(wrong().map((e) => e.code)).toEqual(['unauthorized', 'conflict', 'forbidden']);
  });
});
