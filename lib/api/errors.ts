import 'server-only';
import { z } from 'zod';
import { AppError, fieldErrorsFromZod, toHttpResponse } from '@/lib/errors';
import { pgErrorOf } from '@/lib/core/pg-error';

/** `{error:{code:'invalid_input', message, details:{fields:{path:[msgs]}}}}` — the API's 422 shape. */
export function invalidInput(error: z.ZodError, message = 'The request is not valid.'): AppError {
  return new AppError('invalid_input', message, { details: { fields: fieldErrorsFromZod(error) } });
}

const PG_CODES: Record<string, readonly [AppError['code'], string]> = {
  '23505': ['conflict', 'The resource already exists.'],
  '23514': ['invalid_state', 'The change would break a rule of the data (for example a quantity or an amount).'],
  '23503': ['invalid_state', 'The change refers to something that does not exist.'],
  '22001': ['invalid_input', 'A value is too long.'],
  '22003': ['invalid_input', 'A number is out of range.'],
  '22P02': ['invalid_input', 'A value has the wrong format.'],
  '22007': ['invalid_input', 'A date or time has the wrong format.'],
  '22008': ['invalid_input', 'A date or time is out of range.'],
  '40P01': ['conflict', 'A concurrent request changed the same data; retry.'],
  '40001': ['conflict', 'A concurrent request changed the same data; retry.'],
};

/** Every thrown thing → the API error shape. Database constraint errors are the client's 4xx, not our 500. */
export function toApiResponse(error: unknown): Response {
  let response: Response;
  if (error instanceof z.ZodError) response = toHttpResponse(invalidInput(error));
  else {
    const mapped = pgErrorOf(error)?.code;
    // Any other data exception (class 22: NUL in text, bad encoding, …) is the input's fault too.
    const entry = mapped ? (PG_CODES[mapped] ?? (mapped.startsWith('22') ? (['invalid_input', 'A value cannot be stored (for example text with a NUL character).'] as const) : undefined)) : undefined;
    response = toHttpResponse(entry ? new AppError(entry[0], entry[1], { cause: error }) : error);
  }
  response.headers.set('Cache-Control', 'no-store');
  if (response.status === 401) response.headers.set('WWW-Authenticate', 'Bearer realm="paluu-api"');
  return response;
}
