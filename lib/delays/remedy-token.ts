// PLACEHOLDER for contract A (owner: delays) — replaced by the delays engineer's file at merge.
import { createHash } from 'node:crypto';
import type { Locale } from '@/lib/i18n/locales';

export function remedyPath(locale: Locale, token: string): string {
  return `/${locale}/delays/${token}`;
}

export function hashRemedyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
