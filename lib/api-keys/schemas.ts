import { z } from 'zod';
import { apiScopeValues } from '../../db/schema/enums';

export type ApiScope = (typeof apiScopeValues)[number];
export const API_SCOPES: readonly ApiScope[] = apiScopeValues;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiScopeValues)).min(1).default([...apiScopeValues]),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

/** `pal_<prefix>_<secret>`: the prefix finds the row (and is shown in lists); the secret is 256 random bits. */
export const API_KEY_PATTERN = /^pal_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(key: string): { prefix: string } | null {
  const match = API_KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]! } : null;
}
