import { z } from 'zod';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { locales } from '@/lib/core/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { defaultTexts, EMAIL_TEMPLATES_SETTING, emailTemplateKinds, overrideProblem, readEmailTemplateOverrides } from './email-templates';
import { writeSetting } from './save-setting';
import { authorize } from '@/lib/core/authorize';

export const saveEmailTemplatesSchema = z.object({
  locale: z.enum(locales),
  kind: z.enum(emailTemplateKinds),
  /** Full catalog key → text. A text equal to the default removes the override. */
  texts: z.record(z.string().max(200), z.string().max(4000)),
});

/**
 * Saves the texts of one email kind in one language. Every text must keep the ICU arguments of the
 * default (a dropped `{rma}` would mail customers a sentence without their return number); one bad
 * text refuses the whole save, with the reason per field, and changes nothing.
 */
export async function saveEmailTemplates(ctx: Ctx, input: unknown): Promise<{ overridden: number }> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const { locale, kind, texts } = saveEmailTemplatesSchema.parse(input);
  const defaults = new Map(defaultTexts(await loadMessages(locale), kind));
  const problems: Record<string, string[]> = {};
  for (const [key, text] of Object.entries(texts)) {
    const original = defaults.get(key);
    if (original === undefined) problems[key] = ['unknownText'];
    else if (text !== original) {
      const problem = overrideProblem(original, text);
      if (problem) problems[key] = [problem];
    }
  }
  if (Object.keys(problems).length) throw new AppError('invalid_input', 'Email texts refused.', { details: problems });
  return ctx.db.transaction(async (tx) => {
    const all = await readEmailTemplateOverrides(tx);
    const mine = { ...all[locale] };
    for (const [key, text] of Object.entries(texts)) {
      if (text === defaults.get(key)) delete mine[key];
      else mine[key] = text;
    }
    await writeSetting(tx, actor, EMAIL_TEMPLATES_SETTING, { ...all, [locale]: mine });
    return { overridden: Object.keys(mine).filter((k) => defaults.has(k)).length };
  });
}

/** Back to the catalog's text for one key (the "reset to default" button). */
export async function resetEmailTemplate(ctx: Ctx, input: unknown): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const { locale, key } = z.object({ locale: z.enum(locales), key: z.string().max(200) }).parse(input);
  await ctx.db.transaction(async (tx) => {
    const all = await readEmailTemplateOverrides(tx);
    if (!all[locale] || !(key in all[locale]!)) return;
    const mine = { ...all[locale] };
    delete mine[key];
    await writeSetting(tx, actor, EMAIL_TEMPLATES_SETTING, { ...all, [locale]: mine });
  });
}
