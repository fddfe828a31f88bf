/**
 * A random idempotency key for a form submission. `crypto.randomUUID` exists only in secure contexts
 * (https, localhost); getRandomValues works everywhere, so a shop on plain http in a LAN still works.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
