'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import { chooseRemedy } from '@/lib/delays/choose-remedy';
import { remedyChoiceSchema } from '@/lib/delays/schemas';
import { isAppError, isDatabaseUnavailable } from '@/lib/errors';
import { clientKeyFrom } from '@/lib/http/client-ip';
import { toLocale } from '@/lib/i18n/locales';
import type { RemedyError } from './errors';

/**
 * The customer's choice, only ever by POST (mail scanners follow links). Cancelling needs the
 * confirmation step's own button (`confirmed`); without it the page asks first.
 */
export async function chooseRemedyAction(formData: FormData): Promise<void> {
  const locale = toLocale(String(formData.get('locale') ?? ''));
  const rawToken = String(formData.get('token') ?? '').slice(0, 128);
  const page = `/${locale}/delays/${encodeURIComponent(rawToken)}`;
  const parsed = remedyChoiceSchema.safeParse({ token: rawToken, remedy: formData.get('remedy') });
  if (!parsed.success) redirect(`${page}?error=not_offered`);
  if (parsed.data.remedy === 'cancel_refund' && formData.get('confirmed') !== '1') redirect(`${page}?confirm=cancel_refund`);
  let error: RemedyError | null = null;
  try {
    await chooseRemedy({ db: getDb(), clientKey: clientKeyFrom(await headers()) }, parsed.data);
  } catch (e) {
    error = errorOf(e);
  }
  redirect(error ? `${page}?error=${error}` : `${page}?done=1`);
}

function errorOf(e: unknown): RemedyError {
  if (e instanceof z.ZodError) return 'not_offered';
  if (isAppError(e)) {
    const map: Partial<Record<string, RemedyError>> = { conflict: 'already_chosen', invalid_input: 'not_offered', invalid_state: 'delivered', rate_limited: 'rate_limited', not_found: 'generic' };
    return map[e.code] ?? 'generic';
  }
  if (isDatabaseUnavailable(e)) return 'generic';
  throw e;
}

