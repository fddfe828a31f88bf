import type { Locale } from './locales';
// Import attributes: plain Node (scripts, the worker, Playwright specs importing lib code) requires them for JSON.
import en from '@/messages/en.json' with { type: 'json' };

export type Messages = typeof en;

const loaders: Record<Locale, () => Promise<{ default: unknown }>> = {
  fi: () => import('@/messages/fi.json', { with: { type: 'json' } }),
  sv: () => import('@/messages/sv.json', { with: { type: 'json' } }),
  en: () => import('@/messages/en.json', { with: { type: 'json' } }),
  da: () => import('@/messages/da.json', { with: { type: 'json' } }),
  nb: () => import('@/messages/nb.json', { with: { type: 'json' } }),
};

type Tree = { [key: string]: string | Tree };

/** Deep-merges `override` onto `base`, so a key a catalog lacks falls back to English. */
export function withFallback(base: Tree, override: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? withFallback(current, value) : value;
  }
  return out;
}

const merged = new Map<Locale, Promise<Messages>>();

/**
 * A language's catalog with English filling its gaps. Merged once per process and language (the catalogs are
 * files of the build): merging ~2,000 keys on every request was a per-request cost of every non-English page.
 * Callers must not change the object they get.
 */
export function loadMessages(locale: Locale): Promise<Messages> {
  let messages = merged.get(locale);
  if (!messages) {
    messages = loaders[locale]().then(({ default: own }) => (locale === 'en' ? own : withFallback(en as Tree, own as Tree)) as Messages);
    messages.catch(() => merged.delete(locale));
    merged.set(locale, messages);
  }
  return messages;
}
