/** Minor units → the decimal the bank file carries: 1234 → `12.34`, 5 → `0.05`. */
export function formatMinorAmount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new Error(`Not an amount in minor units: ${minor}`);
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
