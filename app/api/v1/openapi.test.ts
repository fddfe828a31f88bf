import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET } from './openapi.json/route';

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every route file and exported method under app/api/v1', async () => {
    const response = GET();
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);

    const root = path.join(process.cwd(), 'app/api/v1');
    // The catch-all only answers unknown paths with the JSON 404.
    const files = routeFiles(root).filter((file) => !file.includes('[...'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const apiPath = `/api/v1/${path.relative(root, path.dirname(file)).split(path.sep).join('/')}`.replace(/\[([^\]]+)\]/g, '{$1}');
      const methods = [...readFileSync(file, 'utf8').matchAll(/export (?:const|async function|function) (GET|PUT|POST|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        expect(doc.paths[apiPath]?.[method], `${method.toUpperCase()} ${apiPath}`).toBeDefined();
      }
    }
  });

  it('describes parameters, bodies, responses, errors and security of every operation', async () => {
    const doc = await GET().json();
    for (const [apiPath, item] of Object.entries<Record<string, any>>(doc.paths)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      const pathParams = [...apiPath.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries<any>(item)) { // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(op.operationId, `${method} ${apiPath}`).toEqual(expect.any(String));
        for (const name of pathParams) expect(op.parameters.find((p: { in: string; name: string }) => p.in === 'path' && p.name === name)).toMatchObject({ required: true });
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect(success.length).toBeGreaterThan(0);
        for (const status of success) {
          if (status === '204') expect(op.responses[status].content).toBeUndefined();
          else expect(op.responses[status].content['application/json'].schema.type).toBe('object');
        }
        if (apiPath === '/api/v1/openapi.json') continue;
        expect(op.security).toEqual([{ bearerAuth: [expect.any(String)] }]);
        for (const status of ['401', '403', '429']) expect(op.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
        if (method === 'post') expect(op.parameters.some((p: { name: string }) => p.name === 'Idempotency-Key')).toBe(true);
        if (method !== 'get' && method !== 'delete') expect(op.requestBody.content['application/json'].schema.type).toBe('object');
      }
    }
    const upsert = doc.paths['/api/v1/orders/{orderNumber}'].put.requestBody.content['application/json'].schema;
    expect(upsert.required).toEqual(expect.arrayContaining(['email', 'customerName', 'locale', 'currency', 'placedAt', 'shippingAddress', 'lines']));
    expect(upsert.properties.lines.items.required).toEqual(expect.arrayContaining(['sku', 'title', 'quantity', 'unitPrice']));
    const events = doc.paths['/api/v1/tracking-events'].post.requestBody.content['application/json'].schema;
    expect(events.properties.events.maxItems).toBe(500);
    const list = doc.paths['/api/v1/returns'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(list).toEqual(expect.arrayContaining(['query:status', 'query:updatedSince', 'query:limit', 'query:cursor']));
  });
});
