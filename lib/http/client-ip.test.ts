import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER as SERVER_HEADER, resolveClientIp } from '../../scripts/lib/client-ip.mjs';
import { CLIENT_IP_HEADER, clientIpFrom } from './client-ip';

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
