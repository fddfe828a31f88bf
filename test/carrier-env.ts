import type { CarrierId } from '@/lib/core/enums';
import { type CarrierConfig, carrierEnvName } from '@/lib/carriers/config';

/**
 * Carrier settings for this test file only. The stored carrier settings are one row shared by every test file,
 * and files run in parallel: booking credentials saved there by one file made another file's return book with a
 * stand-in instead of getting its SPECIMEN. Each file runs in its own process (vitest pool `forks`), and
 * `getCarrierConfig` reads the environment over the stored row, so settings put here reach this file alone.
 * Like `saveCarrierConfig`, it merges: a key given as `undefined` is removed.
 */
export function setCarrierEnv(carrier: CarrierId, patch: Partial<CarrierConfig>): void {
  for (const [field, value] of Object.entries(patch) as Array<[keyof CarrierConfig, unknown]>) {
    const name = carrierEnvName(carrier, field);
    if (!name) throw new Error(`setCarrierEnv: ${field} cannot be set through the environment`);
    if (value === undefined || value === null) delete process.env[name];
    else process.env[name] = String(value);
  }
}

/** Removes every setting of `carrier` that setCarrierEnv (or anything else) put in this process's environment. */
export function clearCarrierEnv(carrier: CarrierId): void {
  const prefix = `PALUU_CARRIER_${carrier.toUpperCase()}_`;
  for (const key of Object.keys(process.env)) if (key.startsWith(prefix)) delete process.env[key];
}
