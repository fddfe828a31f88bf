import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded } from './embedded-db.mjs';

/** Another program holding a port on 127.0.0.1 (as a second checkout's PostgreSQL would). */
async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let tempDir: string;
let busy: Awaited<ReturnType<typeof occupyPort>>;
const savedPort = process.env.EMBEDDED_PG_PORT;
beforeAll(async () => {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'paluu-pgport-'));
  chmodSync(tempDir, 0o755); // the postgres OS user (when running as root) must enter it
  busy = await occupyPort();
  delete process.env.EMBEDDED_PG_PORT;
});
afterAll(async () => {
  await busy.close();
  rmSync(tempDir, { recursive: true, force: true });
  if (savedPort !== undefined) process.env.EMBEDDED_PG_PORT = savedPort;
});

describe('the embedded PostgreSQL on a taken port (issue 12, item 10)', () => {
  it('a chosen port that is taken: one line that names the port and EMBEDDED_PG_PORT, no raw PostgreSQL log', async () => {
    const started = Date.now();
    const error = await startEmbedded({ dataDir: path.join(tempDir, 'chosen'), port: busy.port, log: () => {} }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).not.toContain('\n');
    expect(error!.message).toContain(`Port ${busy.port} is already in use`);
    expect(error!.message).toContain('EMBEDDED_PG_PORT');
    // Said at once, before creating a cluster that cannot start.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a new cluster whose default port is taken starts on a free port and remembers it', async () => {
    const logged: string[] = [];
    const dataDir = path.join(tempDir, 'second-checkout');
    const pg = await startEmbedded({ dataDir, defaultPort: busy.port, log: (m: string) => logged.push(m) });
    try {
      const port = Number(new URL(pg.url).port);
      expect(port).not.toBe(busy.port);
      expect(logged.join('\n')).toContain(`Port ${busy.port} is taken`);
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      expect((await sql`select 1 as one`)[0]!.one).toBe(1);
      await sql.end();
      expect(JSON.parse(readFileSync(path.join(tempDir, 'second-checkout.json'), 'utf8')).port).toBe(port);
    } finally {
      await pg.stop();
    }
  }, 120_000);

  it('a port chosen for an existing cluster is remembered (e2e read a stale port before)', async () => {
    const dataDir = path.join(tempDir, 'moved');
    const other = await occupyPort();
    try {
      // Both ports are taken, so nothing starts: only what is remembered is checked.
      for (const port of [busy.port, other.port]) {
        await startEmbedded({ dataDir, port, log: () => {} }).catch(() => {});
        expect(JSON.parse(readFileSync(path.join(tempDir, 'moved.json'), 'utf8')).port).toBe(port);
      }
    } finally {
      await other.close();
    }
  });
});
