#!/usr/bin/env node
// Makes sure a Chromium for Playwright exists. Playwright's own download (cdn.playwright.dev) is unreachable
// here, so the e2e suite drives Debian's `chromium` package instead (see playwright.config.ts).
// Exit 0 when a browser is available, 1 when it is missing and cannot be installed.
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './lib/debian-package.mjs';

const DEFAULT_PATH = '/usr/bin/chromium';
const custom = process.env.CHROMIUM_PATH;
if (custom && !existsSync(custom) && !existsSync(DEFAULT_PATH)) {
  console.error(`[ensure-chromium] CHROMIUM_PATH=${custom} does not exist; falling back to ${DEFAULT_PATH}.`);
}
const ok = ensureDebianPackage({
  tag: 'ensure-chromium',
  pkg: 'chromium',
  binary: DEFAULT_PATH,
  present: () => Boolean(custom && existsSync(custom)) || existsSync(DEFAULT_PATH),
  why: "The end-to-end tests use the system Chromium (Playwright's browser download is not used).",
  alternative: 'or point CHROMIUM_PATH at an existing Chromium/Chrome binary.',
});
process.exit(ok ? 0 : 1);
