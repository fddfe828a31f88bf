import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, msg, test } from '../fixtures';

/**
 * Issue 12, items 8 and 9, against the real server (scripts/server.mjs → Next.js): crafted server-action
 * requests answer 400/403/413 with a localized text, never 500, and an oversized body is refused before
 * it is read.
 */
function manifestActions(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8'));
  return new Map(Object.entries(manifest.node as Record<string, { exportedName: string }>).map(([id, entry]) => [entry.exportedName, id]));
}
const actions = manifestActions();
const lookupId = actions.get('lookupOrderAction')!;

test.describe('[SECURITY] crafted server-action requests', () => {
  test('another origin 403, an unknown action or a broken body 400, the wrong kind of argument 400 — in the page’s language', async ({ request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const post = (headers: Record<string, string>, data: string | Buffer, url = '/fi') =>
      request.post(url, { headers: { 'next-action': lookupId, origin, 'content-type': 'text/plain;charset=UTF-8', ...headers }, data, maxRedirects: 0 });

    const crossSite = await post({ origin: 'https://evil.example' }, '[]');
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toBe(msg('fi', 'requestGuard.crossOrigin'));

    const unknown = await post({ 'next-action': '7f' + 'ab'.repeat(20) }, '[]', '/sv');
    expect(unknown.status()).toBe(400);
    expect(await unknown.text()).toBe(msg('sv', 'requestGuard.badRequest'));

    expect((await post({}, 'this is not json')).status()).toBe(400);
    expect((await post({ 'content-type': 'multipart/form-data; boundary=----x' }, '------x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[')).status()).toBe(400);
    expect((await post({ 'content-type': 'application/json' }, '{}')).status()).toBe(400);
    // The lookup takes (state, FormData): strings instead of the form are refused, not a 500.
    const wrongArgs = await post({}, '["a","b"]', '/en');
    expect(wrongArgs.status()).toBe(400);
    expect(await wrongArgs.text()).toBe(msg('en', 'requestGuard.badRequest'));
  });

  test('no server action answers 500 to crafted arguments', async ({ request, baseURL }) => {
    test.setTimeout(120_000);
    const origin = new URL(baseURL!).origin;
    const failures: string[] = [];
    for (const [name, id] of actions) {
      for (const body of ['[]', '[null]', '["x"]', '[{}]', '[{"id":1}]', '[[1]]', '{"a":1}', '"x"']) {
        const res = await request.post('/en', { headers: { 'next-action': id, origin, 'content-type': 'text/plain;charset=UTF-8' }, data: body, maxRedirects: 0 });
        if (res.status() >= 500) failures.push(`${name} ${body} → ${res.status()}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('a 50 MB body to the lookup is refused with a localized 413 before it is sent', async ({ baseURL }) => {
    const url = new URL('/fi', baseURL);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        headers: { 'next-action': lookupId, origin: url.origin, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      // Headers only: the answer must come without a byte of the body.
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(answer.text).toBe(msg('fi', 'requestGuard.tooLarge').replace('{maxSize}', '8 kB'));
  });
});
