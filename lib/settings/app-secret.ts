import 'server-only';
import type { Db } from '@/db';
import { readAppSecret } from './read-app-secret';

let cached: Buffer | undefined;

/** The cookie-signing key (see `readAppSecret`), read once per process. */
export async function getAppSecret(db: Db): Promise<Buffer> {
  cached ??= await readAppSecret(db);
  return cached;
}
