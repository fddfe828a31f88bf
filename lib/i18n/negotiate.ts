import { defaultLocale, isLocale, type Locale } from './locales';

/** The first supported language in an Accept-Language header ('no'/'nn' read as Norwegian Bokmål). */
export function localeFromAcceptLanguage(header: string | null): Locale {
  const ranked = (header ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { primary: tag.toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { primary } of ranked) {
    const candidate = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (isLocale(candidate)) return candidate;
  }
  return defaultLocale;
}
