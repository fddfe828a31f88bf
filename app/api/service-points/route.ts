// GET /api/service-points?carrier=bring&country=NO&postalCode=1407&locale=nb – the return wizard's search for
// a carrier's nearest drop-off points (lib/carriers/search-service-points.ts). Public: the points are public
// data; rate-limited per client. A bad postal code is a 422 with a message in the asked language.
import { z } from 'zod';
import { getDb } from '@/db';
import { POSTAL_CODE_EXAMPLES, searchServicePoints, type ServicePointCountry } from '@/lib/carriers/search-service-points';
import { AppError, fieldErrorsFromZod, toHttpResponse } from '@/lib/core/errors';
import { clientKeyFrom } from '@/lib/http/client-ip';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { localeFromAcceptLanguage } from '@/lib/i18n/negotiate';

export const dynamic = 'force-dynamic';

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const asked = url.searchParams.get('locale') ?? '';
  const locale: Locale = isLocale(asked) ? asked : localeFromAcceptLanguage(request.headers.get('accept-language'));
  try {
    const result = await searchServicePoints(
      { db: getDb(), clientKey: clientKeyFrom(request.headers) },
      {
        carrier: url.searchParams.get('carrier') ?? '',
        country: url.searchParams.get('country') ?? '',
        postalCode: url.searchParams.get('postalCode') ?? '',
        limit: url.searchParams.get('limit') ?? undefined,
      },
    );
    return Response.json(result, { headers: { 'Cache-Control': 'private, max-age=300' } });
  } catch (error) {
    const t = (await loadMessages(locale)).servicePoints.errors;
    if (error instanceof z.ZodError) {
      const country = (url.searchParams.get('country') ?? '').toUpperCase();
      const example = POSTAL_CODE_EXAMPLES[country as ServicePointCountry] ?? POSTAL_CODE_EXAMPLES.FI;
      const details = fieldErrorsFromZod(error);
      const message = details.postalCode ? fill(t.postalCode, { example }) : t.invalid;
      return Response.json({ error: { code: 'invalid_input', message, details: { fields: details } } }, { status: 422, headers: { 'Cache-Control': 'no-store' } });
    }
    if (error instanceof AppError && error.code === 'rate_limited') {
      return Response.json(
        { error: { code: 'rate_limited', message: t.rateLimited } },
        { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds ?? 60), 'Cache-Control': 'no-store' } },
      );
    }
    return toHttpResponse(error);
  }
}
