// Which Chromium the e2e suite and the operations checks drive. Playwright cannot download its own
// browsers here, so both use Debian's packages: `chromium-headless-shell` first (the build Playwright itself
// runs headless tests on), else the full `chromium`.
import { existsSync } from 'node:fs';

/** Debian's `chromium-headless-shell`: no browser UI; e2e specs ran in a fifth less time than on the full browser. */
export const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
/** Debian's `chromium`: the full browser, used when the headless shell is not installed. */
export const FULL_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH when it exists, else the headless shell, else the full browser; undefined when none is there. */
export function chromiumPath() {
  return [process.env.CHROMIUM_PATH, HEADLESS_SHELL, FULL_CHROMIUM].find((p) => Boolean(p && existsSync(p)));
}

/** The flags a sandboxless, GPU-less CI container needs, and no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
