import { z } from 'zod';
import en from '@/messages/en.json';

/**
 * The API's view of a webhook input schema: the same schema (the admin form uses it with catalog keys), its
 * field messages turned into their English text (`webhooks.errors` in messages/en.json) for the 422 details.
 */
export function withEnglishMessages<S extends z.ZodType>(schema: S) {
  const texts = en.webhooks.errors as Record<string, string>;
  return z.unknown().transform((value, ctx): z.output<S> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: texts[issue.message] ?? issue.message });
    return z.NEVER;
  });
}

/** `{id}` of a path: any text; an id that is not a uuid, or another key's, is a 404 like one that does not exist. */
export const endpointParamsSchema = z.object({ id: z.string().max(100) });
