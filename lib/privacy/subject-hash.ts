import 'server-only';
import { createHmac } from 'node:crypto';
import type { Db } from '@/db';
import { getAppSecret } from '@/lib/settings/app-secret';

/**
 * What the audit trail keeps of a data subject: a keyed hash of the address. A later request
 * for the same address can be matched to it; the address cannot be read back from it.
 */
export async function subjectHash(db: Db, email: string): Promise<string> {
  const secret = await getAppSecret(db);
  return createHmac('sha256', secret).update(`privacy-subject:${email.trim().toLowerCase()}`).digest('hex');
}
