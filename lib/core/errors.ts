import { z } from 'zod';
import { isDatabaseUnavailable } from './pg-error';

/**
 * Every failure the domain can report. Each code maps once to an HTTP status (API),
 * an action result (server actions) and, through `errors.<code>` in the catalogs, to a
 * localized message (forms).
 */
export const errorStatus = {
  /** The body or parameters failed validation (API: 422 with field details). */
  invalid_input: 422,
  /** The body is not parseable JSON or has the wrong shape entirely. */
  bad_request: 400,
  /** Missing, invalid or revoked credentials. */
  unauthorized: 401,
  /** Authenticated but lacking the scope or role. */
  forbidden: 403,
  /** The resource does not exist, or the caller may not know that it does. */
  not_found: 404,
  /** A concurrent change won, or a request with the same idempotency key is still running. */
  conflict: 409,
  /** The action is not allowed in the current state (e.g. returning a final-sale item). */
  invalid_state: 422,
  /** The same Idempotency-Key was reused with another body. */
  idempotency_mismatch: 422,
  /** The body is larger than the endpoint accepts. */
  payload_too_large: 413,
  /** Too many attempts; retry after `retryAfterSeconds`. */
  rate_limited: 429,
  /** A dependency (database) is unreachable. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldErrors = Record<string, string[]>;

/** A refusal's machine-readable reason (`currency_mismatch`, `lastAdmin` …) and the facts a client may show with it. */
export type ReasonDetails = { reason: string } & { [fact: string]: unknown };
/** The API's field errors (`{ fields: { "lines.0.quantity": ["…"] } }`); a conflict may name the resource that holds the value. */
export type FieldDetails = { fields: FieldErrors } & { [fact: string]: unknown };
/** A form's field errors, keyed by form field, each a message key of the form's catalog. */
export type FormFieldDetails = { fieldErrors: FieldErrors };
/** What a concurrent change left: the record as it is now (and what changed since the caller read it). */
export type StaleDetails = { current: unknown; changes?: unknown };
/** Returns refused per line (lib/returns/submit-return.ts `RefusalDetails`). */
export type RefusalListDetails = { refusals: ReadonlyArray<{ orderLineId: string | null; refusal: unknown }> };

/**
 * The `details` each code may carry, checked by the compiler at `new AppError(code, message, { details })`.
 * The API returns them as `error.details` (toHttpResponse); codes mapped to `never` carry none.
 */
export type ErrorDetailsByCode = {
  invalid_input: FieldDetails | FormFieldDetails | FieldErrors | ReasonDetails;
  bad_request: ReasonDetails;
  unauthorized: never;
  /** Staff: the permission the role lacks; API: the scope the key lacks. */
  forbidden: { permission: string } | { scope: string };
  not_found: ReasonDetails;
  conflict: ReasonDetails | FieldDetails | StaleDetails;
  invalid_state: ReasonDetails | FieldDetails | FieldErrors | RefusalListDetails;
  idempotency_mismatch: never;
  payload_too_large: ReasonDetails;
  rate_limited: never;
  unavailable: never;
};

export type ErrorDetails<C extends ErrorCode = ErrorCode> = ErrorDetailsByCode[C];

export type AppErrorOptions<C extends ErrorCode> = { details?: ErrorDetails<C>; retryAfterSeconds?: number; cause?: unknown };

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly details?: ErrorDetails<C>;
  readonly retryAfterSeconds?: number;

  constructor(code: C, message?: string, options: AppErrorOptions<NoInfer<C>> = {}) {
    super(message ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The error's details when it has this code (typed for it), else undefined. */
export function detailsOf<C extends ErrorCode>(error: unknown, code: C): ErrorDetails<C> | undefined {
  return isAppError(error) && error.code === code ? (error.details as ErrorDetails<C> | undefined) : undefined;
}

/** Narrow with this, not `instanceof` (on the generic class `instanceof` gives `AppError<any>`, untyped details). */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** `{ "lines.0.quantity": ["Too small: expected number to be >0"] }` */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** API: `{ error: { code, message, details? } }` with the mapped status; `details` is the code's typed shape (ErrorDetailsByCode). Unknown errors → 500, logged. */
export function toHttpResponse(error: unknown): Response {
  if (error instanceof z.ZodError) {
    return Response.json(
      // The documented shape (DESIGN.md, OpenAPI `Error`): field errors under `details.fields`.
      { error: { code: 'invalid_input', message: 'The request is not valid.', details: { fields: fieldErrorsFromZod(error) } satisfies FieldDetails } },
      { status: errorStatus.invalid_input },
    );
  }
  if (isAppError(error)) {
    const headers = new Headers();
    if (error.retryAfterSeconds !== undefined) headers.set('Retry-After', String(error.retryAfterSeconds));
    const body = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
    return Response.json({ error: body }, { status: errorStatus[error.code], headers });
  }
  if (isDatabaseUnavailable(error)) {
    return Response.json({ error: { code: 'unavailable', message: 'The service is temporarily unavailable.' } }, { status: 503, headers: { 'Retry-After': '30' } });
  }
  console.error('Unhandled error', error);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; fieldErrors?: FieldErrors; retryAfterSeconds?: number };

export { isDatabaseUnavailable };

/** Server actions: known errors become a result the form can show; unknown ones go to error.tsx. */
export function toActionResult(error: unknown): ActionResult<never> {
  if (error instanceof z.ZodError) return { ok: false, code: 'invalid_input', fieldErrors: fieldErrorsFromZod(error) };
  if (isAppError(error)) return { ok: false, code: error.code, retryAfterSeconds: error.retryAfterSeconds };
  if (isDatabaseUnavailable(error)) {
    console.error('Database unavailable', error);
    return { ok: false, code: 'unavailable' };
  }
  throw error;
}
