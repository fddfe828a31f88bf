// Installs a Debian package a test run needs (Chromium for Playwright, Dovecot for the IMAP tests) when its
// binary is missing: as root with apt-get, never waiting for input; otherwise one message saying how.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * @param {object} p
 * @param {string} p.tag        log prefix, e.g. `ensure-chromium`
 * @param {string} p.pkg        the Debian package
 * @param {() => boolean} p.present  whether the binary is there
 * @param {string} p.binary     where the binary is expected (for messages)
 * @param {string} p.why        one line: what needs it
 * @param {string} p.alternative one line: how to point at an existing binary instead
 * @param {boolean} [p.noServiceStart] keep the package's system service from starting (policy-rc.d 101)
 * @returns {boolean} whether the binary is there afterwards
 */
export function ensureDebianPackage({ tag, pkg, present, binary, why, alternative, noServiceStart = false }) {
  if (present()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    console.error(`[${tag}] Not found: ${binary}.\n  ${why}\n  Install it, e.g. on Debian/Ubuntu:  sudo apt-get install ${pkg}\n  ${alternative}`);
    return false;
  }
  const apt = (args) => {
    console.error(`[${tag}] apt-get ${args.join(' ')}`);
    // stdin ignored: CI runs without a terminal and apt must never wait for input.
    return spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', pkg];
  const started = Date.now();
  const policy = '/usr/sbin/policy-rc.d';
  const addPolicy = noServiceStart && !existsSync(policy);
  if (addPolicy) spawnSync('sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > ${policy} && chmod +x ${policy}`]);
  try {
    // Existing package lists first (fast); stale lists give 404s or "no installation candidate": refresh, retry once.
    // `apt-get update` exits non-zero when any one source is unreachable, so its status is not checked.
    let installed = apt(install);
    if (!installed) {
      apt(['update']);
      installed = apt(install);
    }
    if (!installed) {
      console.error(`[${tag}] apt-get install ${pkg} failed.`);
      return false;
    }
  } finally {
    if (addPolicy) spawnSync('rm', ['-f', policy]);
  }
  if (!present()) {
    console.error(`[${tag}] ${pkg} installed but ${binary} is missing.`);
    return false;
  }
  console.error(`[${tag}] ${pkg} installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
