/**
 * Email template overrides: an admin may reword any text of a customer email, per language, without
 * touching the catalogs. Stored in settings key `emailTemplates` as `{ [locale]: { 'returnEmail.approved.subject': '…' } }`
 * and applied by ONE loader, `loadEmailMessages(db, locale)`, which every email module uses instead of
 * `loadMessages(locale)`. No `server-only`: the worker renders emails too.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import { type Locale, locales } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { defaultTextOf, type EmailTemplateOverrides, isEmailTemplateKey, overrideProblem, subtree, type Tree } from './email-template-rules';

export * from './email-template-rules';

export const EMAIL_TEMPLATES_SETTING = 'emailTemplates';

export const emailTemplateOverridesSchema = z.partialRecord(z.enum(locales), z.record(z.string().max(200), z.string().max(2000)));

export async function readEmailTemplateOverrides(db: DbOrTx): Promise<EmailTemplateOverrides> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, EMAIL_TEMPLATES_SETTING));
  const parsed = emailTemplateOverridesSchema.safeParse(row?.value ?? {});
  return parsed.success ? (parsed.data as EmailTemplateOverrides) : {};
}

/** The catalog with the overrides of one language set in (a copy; the catalog module is never mutated). */
export function applyEmailOverrides(messages: Messages, overrides: Record<string, string> | undefined): Messages {
  if (!overrides || Object.keys(overrides).length === 0) return messages;
  const copy = structuredClone(messages) as unknown as Tree;
  for (const [key, text] of Object.entries(overrides)) {
    const original = defaultTextOf(messages, key);
    // A stored override that no longer fits its key (catalog changed since) falls back to the default.
    if (original === undefined || !isEmailTemplateKey(messages, key) || overrideProblem(original, text)) continue;
    const parts = key.split('.');
    const parent = subtree(copy, parts.slice(0, -1).join('.'))!;
    parent[parts.at(-1)!] = text;
  }
  return copy as unknown as Messages;
}

/**
 * THE loader for email texts: the catalog of `locale` (English fallback) with the shop's overrides
 * applied. Every email module calls this where it called `loadMessages(locale)`.
 */
export async function loadEmailMessages(db: DbOrTx, locale: Locale): Promise<Messages> {
  const [messages, overrides] = await Promise.all([loadMessages(locale), readEmailTemplateOverrides(db)]);
  return applyEmailOverrides(messages, overrides[locale]);
}
