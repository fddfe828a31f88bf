// The header the server sets for the app; lib/http/client-ip.ts reads it (a test keeps the two equal).
export const CLIENT_IP_HEADER = 'x-paluu-client-ip';

// Trusted client address: the socket peer, or, behind N trusted proxies (TRUSTED_PROXY_HOPS),
// the Nth address from the right of X-Forwarded-For. Entries further left are client-controlled.
export function resolveClientIp(socketAddress, forwardedFor, trustedHops) {
  const peer = socketAddress ?? 'unknown';
  if (!trustedHops || !forwardedFor) return peer;
  const chain = String(forwardedFor)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The right-most entry was appended by the proxy next to us, and so on to the left.
  return chain[chain.length - trustedHops] ?? chain[0] ?? peer;
}
