#!/usr/bin/env node
// Makes sure a Chromium for Playwright exists. Playwright's own download
// (cdn.playwright.dev) is unreachable here, so the e2e suite drives Debian's
// `chromium` package instead (see playwright.config.ts).
// Exit 0 when a browser is available, 1 when it is missing and we cannot install it.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const DEFAULT_PATH = "/usr/bin/chromium";

function browserPresent() {
  const custom = process.env.CHROMIUM_PATH;
  return (custom && existsSync(custom)) || existsSync(DEFAULT_PATH);
}

function hasCommand(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function apt(args) {
  console.error(`[ensure-chromium] apt-get ${args.join(" ")}`);
  // stdin ignored: CI runs without a terminal and apt must never wait for input.
  const r = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

if (browserPresent()) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(`[ensure-chromium] CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist; falling back to ${DEFAULT_PATH}.`);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !hasCommand("apt-get")) {
  console.error(
    `[ensure-chromium] No Chromium found at ${DEFAULT_PATH}.\n` +
      "  The end-to-end tests use the system Chromium (Playwright's browser download is not used).\n" +
      "  Install it, e.g. on Debian/Ubuntu:  sudo apt-get install chromium\n" +
      "  or point CHROMIUM_PATH at an existing Chromium/Chrome binary.",
  );
  process.exit(1);
}

const install = ["install", "-y", "--no-install-recommends", "chromium"];
const started = Date.now();
// Try with the existing package lists first (fast path); stale lists give 404s
// or "no installation candidate", in which case refresh and retry once.
if (!apt(install)) {
  // `apt-get update` exits non-zero when any one source is unreachable, even if
  // the Debian lists refreshed fine, so its status is deliberately ignored.
  apt(["update"]);
  if (!apt(install)) {
    console.error("[ensure-chromium] apt-get install chromium failed.");
    process.exit(1);
  }
}

if (!browserPresent()) {
  console.error(`[ensure-chromium] chromium installed but ${DEFAULT_PATH} is missing.`);
  process.exit(1);
}
console.error(`[ensure-chromium] chromium installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
