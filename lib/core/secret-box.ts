import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

function keyFor(appSecret: Buffer, purpose: string): Buffer {
  return createHash('sha256').update(purpose).update('\0').update(appSecret).digest();
}

/** AES-256-GCM with a key derived from the app secret: a database dump alone does not reveal TOTP secrets. */
export function sealSecret(plain: string, appSecret: Buffer, purpose = 'totp'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(appSecret, purpose), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

/** Opens a sealed value; a value without the prefix is plain (the documented demo secret in the seed). */
export function openSecret(stored: string, appSecret: Buffer, purpose = 'totp'): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(appSecret, purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
