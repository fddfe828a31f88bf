#!/usr/bin/env node
// Makes sure Debian's Dovecot IMAP server is installed: the inbound-email tests (lib/inbound) read
// from a real IMAP server that each test starts itself on a free loopback port with a throwaway
// config (the system service is never used). Same pattern as scripts/ensure-chromium.mjs.
// Exit 0 when dovecot is available, 1 when it is missing and we cannot install it.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

export const DOVECOT_PATH = process.env.DOVECOT_PATH || "/usr/sbin/dovecot";

function hasCommand(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function apt(args) {
  console.error(`[ensure-dovecot] apt-get ${args.join(" ")}`);
  // stdin ignored: CI runs without a terminal and apt must never wait for input.
  const r = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

if (existsSync(DOVECOT_PATH)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !hasCommand("apt-get")) {
  console.error(
    `[ensure-dovecot] No Dovecot found at ${DOVECOT_PATH}.\n` +
      "  The inbound-email tests read from a real IMAP server (Debian's dovecot-imapd).\n" +
      "  Install it, e.g. on Debian/Ubuntu:  sudo apt-get install dovecot-imapd\n" +
      "  or point DOVECOT_PATH at an existing dovecot binary.",
  );
  process.exit(1);
}

// policy-rc.d 101: the package must not start (or enable) the system service; the tests start their own.
const install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", "dovecot-imapd"];
const started = Date.now();
const policy = "/usr/sbin/policy-rc.d";
const hadPolicy = existsSync(policy);
if (!hadPolicy) spawnSync("sh", ["-c", `printf '#!/bin/sh\\nexit 101\\n' > ${policy} && chmod +x ${policy}`]);
try {
  if (!apt(install)) {
    // `apt-get update` exits non-zero when any one source is unreachable, even if
    // the Debian lists refreshed fine, so its status is deliberately ignored.
    apt(["update"]);
    if (!apt(install)) {
      console.error("[ensure-dovecot] apt-get install dovecot-imapd failed.");
      process.exit(1);
    }
  }
} finally {
  if (!hadPolicy) spawnSync("rm", ["-f", policy]);
}

if (!existsSync(DOVECOT_PATH)) {
  console.error(`[ensure-dovecot] dovecot-imapd installed but ${DOVECOT_PATH} is missing.`);
  process.exit(1);
}
console.error(`[ensure-dovecot] dovecot installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
