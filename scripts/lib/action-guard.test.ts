import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_POLICIES, argsMatch, checkActionBody, DEFAULT_POLICY, refusalLocale, screenActionHeaders } from './action-guard.mjs';

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* sourceFiles(file);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) yield file;
  }
}

const actions = new Map([
  ['lookup-id', { name: 'lookupOrderAction', policy: ACTION_POLICIES.lookupOrderAction }],
  ['claim-id', { name: 'submitClaimAction', policy: ACTION_POLICIES.submitClaimAction }],
  ['reply-id', { name: 'replyAction', policy: ACTION_POLICIES.replyAction }],
]);
const req = (headers: Record<string, string>, url = '/fi', method = 'POST') => ({ method, url, headers: { host: 'shop.example', ...headers } });
const action = (id: string, extra: Record<string, string> = {}) =>
  req({ 'next-action': id, origin: 'https://shop.example', 'content-type': 'text/plain;charset=UTF-8', 'content-length': '20', ...extra });

describe('server-action screening (issue 12, items 8 and 9)', () => {
  it('every server action of the app has a policy (a new action must choose its size and arguments)', () => {
    const names: string[] = [];
    for (const file of sourceFiles('app')) {
      const text = readFileSync(file, 'utf8');
      if (!/^['"]use server['"]/m.test(text)) continue;
      for (const m of text.matchAll(/^export async function (\w+)/gm)) names.push(m[1]!);
    }
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((n) => !(n in ACTION_POLICIES))).toEqual([]);
  });

  it('the lookup takes a few KB, a claim five 10 MB photos, a reply or note five 5 MB files, nothing else more than 2 MB', () => {
    expect(ACTION_POLICIES.lookupOrderAction.maxBytes).toBeLessThanOrEqual(8 * 1024);
    expect(ACTION_POLICIES.submitClaimAction.maxBytes).toBeGreaterThanOrEqual(5 * 10 * 1024 * 1024);
    for (const name of ['replyAction', 'addNoteAction'] as const) {
      expect(ACTION_POLICIES[name].maxBytes).toBeGreaterThanOrEqual(5 * 5 * 1024 * 1024);
      expect(ACTION_POLICIES[name].maxBytes).toBeLessThanOrEqual(26 * 1024 * 1024);
    }
    const uploads = ['submitClaimAction', 'replyAction', 'addNoteAction'];
    const others = Object.entries(ACTION_POLICIES).filter(([name]) => !uploads.includes(name));
    for (const [, policy] of others) expect(policy.maxBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(DEFAULT_POLICY.maxBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses on the headers alone: another origin 403, an unknown action 400, a body over the action’s size 413', () => {
    const opts = { actions, appUrl: undefined };
    expect(screenActionHeaders(action('lookup-id'), opts)).toMatchObject({ policy: ACTION_POLICIES.lookupOrderAction, isAction: true });
    expect(screenActionHeaders(action('lookup-id', { origin: 'https://evil.example' }), opts)).toMatchObject({ status: 403 });
    expect(screenActionHeaders(action('lookup-id', { origin: 'null' }), opts)).toMatchObject({ status: 403 });
    expect(screenActionHeaders(action('0000000000000000000000000000000000000000'), opts)).toMatchObject({ status: 400, reason: 'unknownAction' });
    // `npm run dev` compiles pages (and their actions) on demand: an id not seen yet goes on with the default limit.
    expect(screenActionHeaders(action('0000000000000000000000000000000000000000'), { ...opts, lenient: true })).toMatchObject({ policy: DEFAULT_POLICY });
    expect(screenActionHeaders(action('lookup-id', { 'content-length': String(50 * 1024 * 1024) }), opts)).toMatchObject({ status: 413 });
    expect(screenActionHeaders(action('claim-id', { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * 1024 * 1024) }), opts)).toMatchObject({ isAction: true });
    expect(screenActionHeaders(action('lookup-id', { 'content-type': 'application/json' }), opts)).toMatchObject({ status: 400 });
    // A page POST without an action: 64 KB, and its size must be stated.
    expect(screenActionHeaders(req({ 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(1024 * 1024) }), opts)).toMatchObject({ status: 413 });
    expect(screenActionHeaders(req({ 'content-type': 'multipart/form-data; boundary=x' }), opts)).toMatchObject({ status: 411 });
    // Behind a proxy: X-Forwarded-Host or APP_URL's host are this site too. GETs and the API are not screened.
    expect(screenActionHeaders(action('lookup-id', { host: '127.0.0.1:3000', 'x-forwarded-host': 'shop.example' }), opts)).toMatchObject({ isAction: true });
    expect(screenActionHeaders(action('lookup-id', { host: '127.0.0.1:3000' }), { actions, appUrl: 'https://shop.example' })).toMatchObject({ isAction: true });
    expect(screenActionHeaders(req({}, '/fi', 'GET'), opts)).toBeNull();
    expect(screenActionHeaders(req({}, '/fi', 'OPTIONS'), opts)).toBeNull();
    expect(screenActionHeaders(req({ 'content-length': String(1024 * 1024) }, '/fi', 'PUT'), opts)).toMatchObject({ status: 413 });
    expect(screenActionHeaders(req({ 'content-length': String(5 * 1024 * 1024) }, '/api/photos'), opts)).toBeNull();
  });

  it('checks the decoded arguments: a broken body or the wrong kind of argument is refused', async () => {
    const form = new FormData();
    form.set('1_orderNumber', 'PRB-1');
    form.set('0', JSON.stringify([{ ok: null }, '$K1']));
    const multipart = new Response(form);
    const body = Buffer.from(await multipart.arrayBuffer());
    const type = multipart.headers.get('content-type')!;
    expect(await checkActionBody(body, type, ACTION_POLICIES.lookupOrderAction)).toBeNull();
    expect(await checkActionBody(Buffer.from('["x","y"]'), 'text/plain', ACTION_POLICIES.lookupOrderAction)).toBe('badArguments');
    expect(await checkActionBody(Buffer.from('[{"ok":null}'), 'text/plain', ACTION_POLICIES.lookupOrderAction)).toBe('badBody');
    expect(await checkActionBody(Buffer.from('--x\r\nbroken'), 'multipart/form-data; boundary=x', ACTION_POLICIES.lookupOrderAction)).toBe('badBody');
    expect(await checkActionBody(Buffer.from('[null]'), 'text/plain', ACTION_POLICIES.replyAction)).toBe('badArguments');
    expect(await checkActionBody(Buffer.from('[{"caseId":"c","body":"hi"}]'), 'text/plain', ACTION_POLICIES.replyAction)).toBeNull();
    expect(argsMatch(['123456'], 'string')).toBe(true);
    expect(argsMatch([7], 'string')).toBe(false);
    expect(argsMatch('x', 'any')).toBe(false);
  });

  it('answers in the language of the path, else of Accept-Language', () => {
    expect(refusalLocale(req({}, '/sv/orders/A'))).toBe('sv');
    expect(refusalLocale(req({ 'accept-language': 'nn-NO,en;q=0.5' }, '/staff'))).toBe('nb');
    expect(refusalLocale(req({ 'accept-language': 'de-DE' }, '/staff'))).toBe('en');
  });
});
