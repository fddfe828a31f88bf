import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * SSRF guard for merchant webhook URLs: https only, and never an address inside our network (loopback,
 * private, link-local, unique-local, CGNAT, multicast, unspecified; IPv4 and IPv6, IPv4-mapped and NAT64
 * forms too). Checked when a URL is saved (literal addresses and `localhost`) and again at every send, on the
 * addresses the name resolves to then: the connection goes to the address that was checked (no second lookup
 * an attacker's DNS could answer differently). `WEBHOOK_ALLOW_PRIVATE_URLS=1` lifts both rules (development).
 * No `server-only`: the worker sends.
 */
export function privateUrlsAllowed(): boolean {
  return process.env.WEBHOOK_ALLOW_PRIVATE_URLS === '1';
}

/** Why a URL cannot be a webhook endpoint (a catalog key under webhooks.errors), or null when it can. */
export type UrlProblem = 'urlInvalid' | 'urlHttps' | 'urlPrivate' | 'urlCredentials';

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4Blocked(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return ((n & mask) >>> 0) === ((v4ToInt(base) & mask) >>> 0);
  });
}

/** The 8 groups of an IPv6 address as numbers (handles `::` and a trailing dotted IPv4). */
function v6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  if (fill < 0) return null;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function embeddedV4(g: number[]): string {
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

/** Whether an IP address (v4 or v6 literal) is one we never connect to. Anything unparsable counts as blocked. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip.split('%')[0]!);
  if (family === 4) return v4Blocked(ip);
  if (family !== 6) return true;
  const g = v6Groups(ip);
  if (!g) return true;
  const zeroPrefix = g.slice(0, 5).every((x) => x === 0);
  if (zeroPrefix && g[5] === 0xffff) return v4Blocked(embeddedV4(g)); // ::ffff:a.b.c.d
  if (zeroPrefix && g[5] === 0) {
    if (g[6] === 0 && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
    return v4Blocked(embeddedV4(g)); // deprecated ::a.b.c.d
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Blocked(embeddedV4(g)); // NAT64
  if (g[0] === 0x2002) return v4Blocked([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff].join('.')); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0]! & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return true; // discard-only
  return false;
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Checks a URL as saved: scheme, credentials, literal addresses and `localhost` (names are checked again at send). */
export function checkWebhookUrl(value: string): UrlProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'urlInvalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'urlInvalid';
  if (url.username || url.password) return 'urlCredentials';
  if (privateUrlsAllowed()) return null;
  if (url.protocol !== 'https:') return 'urlHttps';
  const host = hostOf(url).toLowerCase().replace(/\.$/, '');
  if (isIP(host)) return isPrivateAddress(host) ? 'urlPrivate' : null;
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return 'urlPrivate';
  return null;
}

export type Lookup = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(`Refused: ${host} resolves to ${address}, an address inside a private network (set WEBHOOK_ALLOW_PRIVATE_URLS=1 for development).`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * Resolves a host for a send and returns the address to connect to. Refused when any address it resolves to is
 * private: a name with one public and one private address could otherwise be steered to the private one.
 */
export async function resolveSendAddress(host: string, lookup: Lookup = systemLookup): Promise<LookupAddress> {
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host);
  if (addresses.length === 0) throw new Error(`${host} does not resolve.`);
  if (!privateUrlsAllowed()) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new PrivateAddressError(host, bad.address);
  }
  return addresses[0]!;
}
