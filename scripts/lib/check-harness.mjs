// What the end-to-end operations checks (scripts/ops/*-check.mjs) each need: a free loopback port for a
// server they start, a pause, and the Chromium they drive as a user would.
import net from 'node:net';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Headless Chromium (CHROMIUM_PATH, else Debian's: scripts/lib/chromium.mjs), with the flags CI's sandboxless container needs. */
export const launchChromium = () => chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited (at once if it already has). */
export async function stopChild(child, graceMs) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
