import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { authenticateApiKey } from '../lib/api-keys/authenticate-api-key';
import { API_SCOPES } from '../lib/api-keys/schemas';
import { testDb, uniqueId } from '../test/db';

const run = promisify(execFile);

function apikey(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/apikey.mjs', ...args], { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } });
}

describe('npm run apikey', () => {
  it('creates a key (printed on the last line), lists it and revokes it', async () => {
    const name = uniqueId('cli');
    const created = await apikey('create', '--name', name, '--scopes', 'orders:read,events:write');
    const key = created.stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^pal_[a-f0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const principal = await authenticateApiKey(testDb(), key);
    expect(principal?.scopes).toEqual(['orders:read', 'events:write']);

    const listed = await apikey('list');
    expect(listed.stdout).toContain(name);
    expect(listed.stdout).not.toContain(key);

    await apikey('revoke', '--prefix', principal!.prefix);
    expect(await authenticateApiKey(testDb(), key)).toBeNull();
  }, 60_000);

  it('defaults to every scope and rejects unknown scopes', async () => {
    const created = await apikey('create', '--name', uniqueId('cli'));
    const principal = await authenticateApiKey(testDb(), created.stdout.trim().split('\n').at(-1)!);
    expect(principal?.scopes).toEqual([...API_SCOPES]);
    await expect(apikey('create', '--name', 'x', '--scopes', 'orders:read,everything')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('everything') });
  }, 60_000);
});
