'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { optOutOfCsat, recordCsatComment, recordCsatScore } from '@/lib/csat/respond-csat';
import { csatCommentSchema, csatScoreSchema, csatTokenSchema } from '@/lib/csat/schemas';
import { toActionResult, type ActionResult } from '@/lib/errors';
import { toLocale } from '@/lib/i18n/locales';

/** The score, posted by the page (auto-submitted with JavaScript, a button without). Never on GET: mail scanners prefetch links. */
export async function submitCsatScoreAction(formData: FormData): Promise<void> {
  const locale = toLocale(String(formData.get('locale') ?? ''));
  const parsed = csatScoreSchema.safeParse({ token: formData.get('token'), score: formData.get('score') });
  if (!parsed.success) redirect(`/${locale}`);
  try {
    await recordCsatScore(getDb(), parsed.data);
  } catch (error) {
    // An unknown token shows the page's "not valid" state; other errors go to error.tsx.
    toActionResult(error);
  }
  redirect(`/${locale}/csat/${parsed.data.token}`);
}

export type CommentState = ActionResult<never> | { ok: null } | { ok: true };

export async function submitCsatCommentAction(input: { token: string; comment: string }): Promise<CommentState> {
  try {
    await recordCsatComment(getDb(), csatCommentSchema.parse(input));
    return { ok: true };
  } catch (error) {
    return toActionResult(error);
  }
}

export async function optOutAction(formData: FormData): Promise<void> {
  const locale = toLocale(String(formData.get('locale') ?? ''));
  const token = csatTokenSchema.safeParse(formData.get('token'));
  if (!token.success) redirect(`/${locale}`);
  try {
    await optOutOfCsat(getDb(), { token: token.data });
  } catch (error) {
    toActionResult(error);
  }
  redirect(`/${locale}/csat/${token.data}/opt-out?done=1`);
}
