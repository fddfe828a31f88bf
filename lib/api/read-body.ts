import 'server-only';
import { AppError } from '@/lib/errors';

/** Hard cap on request bodies (merchant API): checked on the bytes actually read, not only Content-Length. */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);

/** The raw body as text; 413 as soon as more than `max` bytes arrive (chunked or a lying Content-Length). */
export async function readBodyText(request: Request, max = MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_request', 'The body is not valid UTF-8.');
  }
}

/** JSON from the raw text; wrong content type or unparseable JSON → 400. Empty body → undefined. */
export function parseJsonBody(request: Request, raw: string): unknown {
  if (raw.trim() === '') return undefined;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new AppError('bad_request', 'The body must be JSON (Content-Type: application/json).');
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.');
  }
}
