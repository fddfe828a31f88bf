/**
 * The header the Paluu server (scripts/server.mjs) sets from the socket address and the
 * configured number of trusted proxies. Any value the client sends is overwritten there.
 */
export const CLIENT_IP_HEADER = 'x-paluu-client-ip';

/** The caller's address for rate limiting; never taken from a client-controlled header. */
export function clientIpFrom(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}
