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
    // Bodies and responses are named component schemas (generated clients get named types).
    const deref = (schema: { $ref?: string }) => {
      expect(schema.$ref, JSON.stringify(schema)).toMatch(/^#\/components\/schemas\/\w+$/);
      const target = doc.components.schemas[schema.$ref!.split('/').at(-1)!];
      expect(target, schema.$ref).toBeDefined();
      return target;
    };
    const tags = new Set(doc.tags.map((t: { name: string; description: string }) => t.name));
    for (const [apiPath, item] of Object.entries<Record<string, any>>(doc.paths)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      const pathParams = [...apiPath.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries<any>(item)) { // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(op.operationId, `${method} ${apiPath}`).toEqual(expect.any(String));
        expect(op.summary, `${method} ${apiPath}`).toMatch(/\w{3}/);
        expect(op.description, `${method} ${apiPath}`).toMatch(/\w{3}.{20,}/);
        expect(op.tags).toHaveLength(1);
        expect(tags.has(op.tags[0]), `${method} ${apiPath} tag ${op.tags[0]}`).toBe(true);
        for (const name of pathParams) expect(op.parameters.find((p: { in: string; name: string }) => p.in === 'path' && p.name === name)).toMatchObject({ required: true });
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect(success.length).toBeGreaterThan(0);
        if (apiPath === '/api/v1/openapi.json') continue;
        for (const status of success) if (status !== '204') expect(deref(op.responses[status].content['application/json'].schema).type).toBe('object');
        expect(op.security).toEqual([{ bearerAuth: [expect.any(String)] }]);
        for (const status of ['401', '403', '429']) expect(op.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
        if (method === 'post') expect(op.parameters.some((p: { name: string }) => p.name === 'Idempotency-Key')).toBe(true);
        // A POST that is an action on a resource (rotate-secret, test) has no body.
        if (method === 'put' || (method === 'post' && !/\/(rotate-secret|test)$/.test(apiPath))) expect(deref(op.requestBody.content['application/json'].schema).type).toBe('object');
      }
    }
    const upsert = deref(doc.paths['/api/v1/orders/{orderNumber}'].put.requestBody.content['application/json'].schema);
    expect(upsert.required).toEqual(expect.arrayContaining(['email', 'customerName', 'locale', 'currency', 'placedAt', 'shippingAddress', 'lines']));
    expect(deref(upsert.properties.lines.items).required).toEqual(expect.arrayContaining(['sku', 'title', 'quantity', 'unitPrice']));
    expect(deref(upsert.properties.currency).enum).toEqual(expect.arrayContaining(['EUR', 'SEK', 'NOK', 'DKK']));
    expect(deref(upsert.properties.currency).enum).not.toContain('XXX');
    expect(deref(deref(upsert.properties.shippingAddress).properties.country).enum).not.toContain('ZZ');
    const events = deref(doc.paths['/api/v1/tracking-events'].post.requestBody.content['application/json'].schema);
    expect(events.properties.events.maxItems).toBe(500);
    const list = doc.paths['/api/v1/returns'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(list).toEqual(expect.arrayContaining(['query:status', 'query:updatedSince', 'query:limit', 'query:cursor']));
  });

  it('has servers, tags and the named schemas a client generator needs', async () => {
    const doc = await GET().json();
    expect(doc.servers).toEqual([{ url: expect.stringMatching(/^https?:\/\/[^/]+/), description: expect.any(String) }]);
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['Orders', 'Shipments', 'Tracking', 'Tracking links', 'Catalogue', 'Returns']));
    for (const name of ['Order', 'OrderInput', 'OrderLine', 'Shipment', 'ShipmentInput', 'ShipmentCreated', 'TrackingEventInput', 'TrackingEventBatch', 'IngestResult', 'TrackingLink', 'Variant', 'VariantInput', 'Return', 'ReturnItem', 'ReturnList', 'Error']) {
      expect(doc.components.schemas[name], name).toMatchObject({ description: expect.any(String) });
    }
    // The order's shipments are the named Shipment type, the error code list includes the 405's.
    expect(doc.components.schemas.Order.properties.shipments.items).toEqual({ $ref: '#/components/schemas/Shipment' });
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['invalid_input', 'conflict', 'method_not_allowed']));
  });
});
