// JSON-lines logs (pino) for the web server, the worker and npm start. One line per event, to stdout, or
// appended to LOG_FILE when it is set. LOG_LEVEL: trace|debug|info|warn|error (default info).
//
// No personal data: callers log ids, route groups, counts and durations, never addresses, names, email
// addresses, order numbers or URLs (paths carry order numbers and tracking-link tokens). As a second line
// of defence the keys below are censored wherever they appear, and errors are reduced to type, code,
// message and stack (PostgreSQL's `detail` repeats the row's values: "Key (email)=(…)").
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

const PERSONAL_KEYS = ['email', 'name', 'customerName', 'address', 'street', 'postalCode', 'phone', 'recipient', 'to', 'url', 'path'];

const EMAIL = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[A-Za-z]{2,}/g;

/** Error texts can quote an address (an SMTP "550 <jane@example.com>: unknown user"): masked. */
export function scrubText(text) {
  return typeof text === 'string' ? text.replace(EMAIL, '[email]') : text;
}

function errorSerializer(error) {
  if (!(error instanceof Error)) return { message: scrubText(String(error)) };
  return { type: error.name, code: error.code, message: scrubText(error.message), stack: scrubText(error.stack) };
}

const destination = process.env.LOG_FILE ? pino.destination({ dest: process.env.LOG_FILE, append: true, mkdir: true, sync: true }) : pino.destination(1);

const root = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...PERSONAL_KEYS, ...PERSONAL_KEYS.map((key) => `*.${key}`)], censor: '[redacted]' },
    serializers: { err: errorSerializer, error: errorSerializer },
    formatters: { level: (label) => ({ level: label }) },
  },
  destination,
);

/** A logger for one process part: `logger('web')`, `logger('worker')`. */
export function logger(component) {
  return root.child({ component });
}

/**
 * The request id of the request being handled, shared between this module graph (server.mjs) and the
 * Next.js bundle through a global: lib/core/request-context.ts reads the same store.
 */
const STORE_KEY = Symbol.for('paluu.requestContext');
globalThis[STORE_KEY] ??= new AsyncLocalStorage();
export const requestContext = globalThis[STORE_KEY];

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** The proxy's `X-Request-Id` when it looks like one (so logs line up with the proxy's), else a new one. */
export function requestIdOf(header, randomId) {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && VALID_REQUEST_ID.test(value) ? value : randomId();
}
