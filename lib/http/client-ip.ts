import { isIPv4, isIPv6 } from 'node:net';

/**
 * The header the Paluu server (scripts/server.mjs) sets from the socket address and the
 * configured number of trusted proxies. Any value the client sends is overwritten there.
 */
export const CLIENT_IP_HEADER = 'x-paluu-client-ip';

/** The caller's address (for logs and sessions); never taken from a client-controlled header. */
export function clientIpFrom(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail converted), or null. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail === null ? [] : tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...(tail === null ? [] : Array<string>(missing).fill('0')), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The key rate limits count a client under. One IPv6 customer usually holds a whole /64 (privacy
 * addresses rotate inside it), so an IPv6 address counts as its /64; IPv4 stays one address, and an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket reports) counts as its IPv4.
 */
export function rateLimitKeyOf(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  const groups = ipv6Groups(bare);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** `clientIpFrom` grouped for rate limits (`rateLimitKeyOf`): what every per-client counter uses. */
export function clientKeyFrom(headers: Headers): string {
  return rateLimitKeyOf(clientIpFrom(headers));
}
