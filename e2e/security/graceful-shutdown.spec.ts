import { spawn } from 'node:child_process';
import net from 'node:net';
import { createApiKey } from '../../lib/api-keys/create-api-key';
import { e2eDatabaseUrl, expect, test } from '../fixtures';

/**
 * Issue 19: a web server told to stop (SIGTERM) answers the requests it is working on before it exits, and
 * takes no new connections. A second web server of the production build runs on the e2e database; a merchant
 * API request whose body is still arriving is in flight when the signal comes.
 */
function startServer(): Promise<{ port: number; exited: Promise<number | null>; kill: (signal: NodeJS.Signals) => void }> {
  const child = spawn(process.execPath, ['scripts/server.mjs'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: e2eDatabaseUrl(), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', LOG_FILE: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output.slice(-2000)}`)), 60_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'listening') return;
      clearTimeout(timer);
      resolve({ port: message.port!, exited, kill: (signal) => child.kill(signal) });
    });
  });
}

test('[SHUTDOWN] SIGTERM: the request in flight is answered, new connections are refused, the server exits 0', async ({ db }) => {
  test.slow();
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: 'graceful shutdown e2e' });
  const server = await startServer();
  const body = JSON.stringify({ status: 'not-a-status' });
  // The head and half the body now; the rest after the signal.
  const socket = net.connect(server.port, '127.0.0.1');
  let answer = '';
  let answeredAt = 0;
  socket.setEncoding('latin1');
  socket.on('data', (data) => {
    answer += data;
    answeredAt ||= Date.now();
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(
    [`PUT /api/v1/orders/SHUTDOWN-1 HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Authorization: Bearer ${key}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, '', ''].join('\r\n'),
  );
  socket.write(body.slice(0, 5));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(answer).toBe(''); // still waiting for the body

  server.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  // No new connections while draining.
  const refused = await new Promise<boolean>((resolve) => {
    const probe = net.connect(server.port, '127.0.0.1');
    probe.once('connect', () => (probe.destroy(), resolve(false)));
    probe.once('error', () => resolve(true));
  });
  expect(refused).toBe(true);

  const restSentAt = Date.now();
  socket.write(body.slice(5));
  await closed;
  // The answer came after the rest of the body, so the server waited for it: a real answer (the API refuses
  // the bad status with its error shape), and the connection is closed behind it.
  expect(answeredAt).toBeGreaterThanOrEqual(restSentAt);
  expect(answer).toMatch(/^HTTP\/1\.1 (400|422) /);
  expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  expect(answer).toContain('"error"');
  expect(await server.exited).toBe(0);
});
