import { z } from 'zod';

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

export const backfillDaysSchema = z.coerce.number().int('backfillDaysInvalid').min(1, 'backfillDaysInvalid').max(365, 'backfillDaysInvalid');
