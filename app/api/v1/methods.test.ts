import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_METHODS, allowHeader, type ApiMethod } from '@/lib/api/handler';
import { documentedMethods } from '@/lib/api/openapi';
import { call, newKey, newOrderNumber, orderBody } from '@/test/api-client';
import * as catchAll from './[...path]/route';
import * as orderRoute from './orders/[orderNumber]/route';
import * as variantRoute from './variants/[sku]/route';

type Handler = Parameters<typeof call>[0];
type RouteModule = Partial<Record<ApiMethod | 'OPTIONS', Handler>>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

const root = path.join(process.cwd(), 'app/api/v1');
const apiPathOf = (file: string) => `/api/v1/${path.relative(root, path.dirname(file)).split(path.sep).join('/')}`.replace(/\[([^\]]+)\]/g, '{$1}');

function expect405(res: Awaited<ReturnType<typeof call>>, allow: string) {
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe(allow);
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.json).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining(allow), details: { allow: allow.split(', ') } } });
}

describe('merchant API: methods a path does not have', () => {
  it('DELETE /orders/{orderNumber} and GET /variants/{sku} answer 405 in the error shape with Allow, and change nothing', async () => {
    const { key } = await newKey();
    const orderNumber = newOrderNumber();
    expect((await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody(), params: { orderNumber } })).status).toBe(201);

    const del = await call((orderRoute as RouteModule).DELETE!, { key, method: 'DELETE', params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    expect405(del, 'GET, PUT, HEAD, OPTIONS');
    expect((await call(orderRoute.GET, { key, params: { orderNumber } })).status).toBe(200);

    const get = await call((variantRoute as RouteModule).GET!, { key, method: 'GET', params: { sku: 'ANY-SKU' }, path: '/api/v1/variants/ANY-SKU' });
    expect405(get, 'PUT, OPTIONS');
  });

  it('every route file under app/api/v1 implements exactly its documented methods and answers every other one with the JSON 405', async () => {
    const documented = documentedMethods();
    const files = routeFiles(root).filter((file) => !file.includes('[...'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    const seen = new Set<string>();
    for (const file of files) {
      const apiPath = apiPathOf(file);
      seen.add(apiPath);
      const allowed = (documented.get(apiPath) ?? []) as ApiMethod[];
      expect(allowed.length, `${apiPath} has no operation in lib/api/openapi.ts`).toBeGreaterThan(0);
      const route = (await import(file)) as RouteModule;
      const allow = allowHeader(allowed);
      for (const method of API_METHODS) {
        const handler = route[method];
        expect(handler, `${method} ${apiPath} is not exported: Next.js would answer an empty 405`).toBeTypeOf('function');
        // No key: a real handler answers 401 (or 200 for the public document), never 405.
        const res = await call(handler!, { method, path: apiPath, params: { orderNumber: 'X-1', sku: 'X', rma: 'R-1' }, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
        if (allowed.includes(method)) expect(res.status, `${method} ${apiPath}`).not.toBe(405);
        else expect405(res, allow);
      }
      const options = await call(route.OPTIONS!, { method: 'OPTIONS', path: apiPath });
      expect(options.status, `OPTIONS ${apiPath}`).toBe(204);
      expect(options.headers.get('allow'), `OPTIONS ${apiPath}`).toBe(allow);
    }
    // …and every documented path has a route file.
    expect([...documented.keys()].filter((p) => !seen.has(p))).toEqual([]);
  });

  it('the catch-all answers every method, OPTIONS included, with the JSON 404', async () => {
    for (const method of [...API_METHODS, 'OPTIONS'] as const) {
      const res = await call((catchAll as RouteModule)[method]!, { method, path: '/api/v1/nope' });
      expect(res.status, method).toBe(404);
      expect(res.json.error.code, method).toBe('not_found');
    }
  });
});
