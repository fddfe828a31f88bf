import { hash, verify } from '@node-rs/argon2';

/** argon2id, m=19456 KiB, t=2, p=1 (the library's defaults = the OWASP baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against for unknown accounts, so "no such user" costs as much as "wrong password".
let dummyHash: Promise<string> | undefined;

/** Constant-ish time: an unknown account still runs one argon2 verification. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hash('paluu-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
