#!/usr/bin/env node
// Makes sure a Chromium for Playwright exists. Playwright's own download (cdn.playwright.dev) is unreachable
// here, so the e2e suite drives Debian's `chromium-headless-shell` instead (scripts/lib/chromium.mjs).
// Exit 0 when a browser is available, 1 when it is missing and cannot be installed.
import { existsSync } from 'node:fs';
import { FULL_CHROMIUM, HEADLESS_SHELL } from './lib/chromium.mjs';
import { ensureDebianPackage } from './lib/debian-package.mjs';

const custom = process.env.CHROMIUM_PATH;
if (custom && !existsSync(custom)) {
  console.error(`[ensure-chromium] CHROMIUM_PATH=${custom} does not exist; using Debian's chromium-headless-shell.`);
}
const ok = ensureDebianPackage({
  tag: 'ensure-chromium',
  pkg: 'chromium-headless-shell',
  binary: HEADLESS_SHELL,
  present: () => Boolean(custom && existsSync(custom)) || existsSync(HEADLESS_SHELL),
  why: "The end-to-end tests use Debian's headless Chromium (Playwright's browser download is not used).",
  alternative: 'or point CHROMIUM_PATH at an existing Chromium/Chrome binary.',
});
// The full browser works too (scripts/lib/chromium.mjs falls back to it), only slower.
if (!ok && existsSync(FULL_CHROMIUM)) console.error(`[ensure-chromium] Using the full browser at ${FULL_CHROMIUM} instead.`);
process.exit(ok || existsSync(FULL_CHROMIUM) ? 0 : 1);
