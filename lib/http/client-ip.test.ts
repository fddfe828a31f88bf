import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER as SERVER_HEADER, resolveClientIp } from '../../scripts/lib/client-ip.mjs';
import { CLIENT_IP_HEADER, clientIpFrom, clientKeyFrom, rateLimitKeyOf } from './client-ip';

describe('the client address used for rate limits', () => {
  it('without a proxy is the socket peer, whatever X-Forwarded-For the client sends', () => {
    expect(resolveClientIp('203.0.113.7', '1.2.3.4', 0)).toBe('203.0.113.7');
  });

  it('behind one proxy is the address that proxy appended, not what the client wrote before it', () => {
    expect(resolveClientIp('10.0.0.2', '1.2.3.4, 198.51.100.9', 1)).toBe('198.51.100.9');
    expect(resolveClientIp('10.0.0.2', '198.51.100.9', 1)).toBe('198.51.100.9');
  });

  it('behind two proxies is the second from the right', () => {
    expect(resolveClientIp('10.0.0.2', 'spoofed, 198.51.100.9, 10.0.0.1', 2)).toBe('198.51.100.9');
  });

  it('is read by the app from the header the server sets', () => {
    expect(CLIENT_IP_HEADER).toBe(SERVER_HEADER);
    expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: '198.51.100.9' }))).toBe('198.51.100.9');
    expect(clientIpFrom(new Headers())).toBe('unknown');
  });
});

describe('the key rate limits count a client under', () => {
  it('groups IPv6 addresses by /64: two addresses in one /64 share a counter, another /64 does not', () => {
    const a = rateLimitKeyOf('2001:db8:abcd:12:1111:2222:3333:4444');
    const b = rateLimitKeyOf('2001:0db8:abcd:0012::9');
    expect(a).toBe('2001:db8:abcd:12::/64');
    expect(b).toBe(a);
    expect(rateLimitKeyOf('2001:db8:abcd:13::1')).not.toBe(a);
    expect(rateLimitKeyOf('[fe80::1%eth0]')).toBe('fe80:0:0:0::/64');
    expect(clientKeyFrom(new Headers({ [CLIENT_IP_HEADER]: '2001:db8:abcd:12:aaaa::1' }))).toBe(a);
  });

  it('keeps IPv4 addresses as they are and treats IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(rateLimitKeyOf('198.51.100.9')).toBe('198.51.100.9');
    expect(rateLimitKeyOf('198.51.100.10')).not.toBe(rateLimitKeyOf('198.51.100.9'));
    expect(rateLimitKeyOf('::ffff:198.51.100.9')).toBe('198.51.100.9');
    expect(rateLimitKeyOf('::FFFF:c633:6409')).toBe('198.51.100.9');
    expect(clientKeyFrom(new Headers({ [CLIENT_IP_HEADER]: '::ffff:198.51.100.9' }))).toBe('198.51.100.9');
  });

  it('leaves anything that is not an address alone', () => {
    expect(rateLimitKeyOf('unknown')).toBe('unknown');
    expect(clientKeyFrom(new Headers())).toBe('unknown');
  });
});
