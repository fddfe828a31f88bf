import { z } from 'zod';
import { checkWebhookUrl } from '@/lib/webhooks/url-guard';

/**
 * The admin form, the CLI and tests share these. Messages are catalog keys (`staffAdmin.integrations.errors.<key>`), so
 * the admin page shows them in the reader's language; the CLI prints the key's English text.
 */
export const shopDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^https?:\/\//, '').replace(/\/+$/, ''))
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/, 'shopDomainInvalid'));

/** Local test servers only: a Shopify-compatible API on this machine (the tests' server, a developer's stub). */
export const loopbackOriginSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.pathname === '/';
    } catch {
      return false;
    }
  }, 'apiOriginInvalid')
  .transform((v) => new URL(v).origin);

export const addShopifySchema = z.object({
  shopDomain: shopDomainSchema,
  accessToken: z.string().trim().min(1, 'accessTokenRequired').max(255, 'tooLong'),
  webhookSecret: z.string().trim().min(16, 'webhookSecretTooShort').max(255, 'tooLong'),
  apiOrigin: loopbackOriginSchema.optional(),
});
export type AddShopifyInput = z.input<typeof addShopifySchema>;

/**
 * A WooCommerce store's site URL (https; the WordPress address, with its path when WordPress lives in a folder)
 * → the stored `domain`: host and path, lower case, no scheme and no trailing slash, the form webhooks are matched
 * by (`X-WC-Webhook-Source` is the site URL). Literal private addresses and `localhost` are refused (SSRF).
 */
export function wooDomainFromUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    return `${url.host}${url.pathname}`.replace(/\/+$/, '').toLowerCase();
  } catch {
    return '';
  }
}

export const wooSiteUrlSchema = z
  .string()
  .trim()
  .max(255, 'tooLong')
  .refine((value) => {
    if (checkWebhookUrl(value) !== null) return false;
    const url = new URL(value);
    return url.protocol === 'https:' && !url.search && !url.hash && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(url.hostname);
  }, 'siteUrlInvalid')
  .transform((v) => {
    const url = new URL(v);
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

export const addWooSchema = z.object({
  url: wooSiteUrlSchema,
  consumerKey: z.string().trim().regex(/^ck_[A-Za-z0-9]{8,64}$/, 'consumerKeyInvalid'),
  consumerSecret: z.string().trim().regex(/^cs_[A-Za-z0-9]{8,64}$/, 'consumerSecretInvalid'),
  webhookSecret: z.string().trim().min(16, 'webhookSecretTooShort').max(255, 'tooLong'),
  apiOrigin: loopbackOriginSchema.optional(),
});
export type AddWooInput = z.input<typeof addWooSchema>;

export const backfillDaysSchema = z.coerce.number().int('backfillDaysInvalid').min(1, 'backfillDaysInvalid').max(365, 'backfillDaysInvalid');

/**
 * A Vendure server: its public URL (https, like a WooCommerce site URL; the Admin API is at `{url}/admin-api`), an
 * Admin API key (Vendure ≥ 3.6, `lookupId:secret`) and the secret the Paluu plugin signs its deliveries with.
 */
export const addVendureSchema = z.object({
  url: wooSiteUrlSchema,
  token: z.string().trim().regex(/^[A-Za-z0-9:_-]{16,255}$/, 'vendureTokenInvalid'),
  webhookSecret: z.string().trim().min(16, 'webhookSecretTooShort').max(255, 'tooLong'),
  apiOrigin: loopbackOriginSchema.optional(),
});
export type AddVendureInput = z.input<typeof addVendureSchema>;
