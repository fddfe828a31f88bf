#!/usr/bin/env node
// Installs the Vendure engine the Vendure connector's test boots (test/engines/vendure: @vendure/core from the npm
// registry, pinned by its own lockfile) when it is missing or older than its lockfile. It is kept out of the root
// package.json so `npm install && npm start` stays lean. Exit 0 when installed, 1 when it cannot be.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ENGINE = path.resolve(import.meta.dirname, '../test/engines/vendure');
const installed = path.join(ENGINE, 'node_modules/.package-lock.json');
const lock = path.join(ENGINE, 'package-lock.json');

if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) process.exit(0);
const started = Date.now();
console.error('[ensure-vendure] npm ci in test/engines/vendure (@vendure/core for the Vendure connector test) …');
// --ignore-scripts: bcrypt ships prebuilt binaries (node-gyp-build finds them at run time); nothing needs a download.
const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: ENGINE, stdio: 'inherit' });
if (run.status !== 0) {
  console.error('[ensure-vendure] npm ci failed: the Vendure connector test (lib/platforms/vendure/vendure.test.ts) cannot run without it.');
  process.exit(1);
}
console.error(`[ensure-vendure] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
