/**
 * A tracking event as the customer reads it: our normalized phrase in the page's language first; the
 * carrier's own words beneath it only when they are in another language (marked with `lang`, so a
 * screen reader pronounces them right) or say more than our phrase. Pure (client-safe).
 */
import type { Carrier } from '@/lib/carriers/catalog';
import type { Locale } from '@/lib/i18n/locales';

/** The language each carrier's texts usually come in (research/carriers.md: Posti and Matkahuolto in Finnish, PostNord in Swedish here, the rest English). */
const carrierLanguage: Record<Carrier, Locale> = { posti: 'fi', matkahuolto: 'fi', postnord: 'sv', bring: 'en', budbee: 'en', dhl: 'en', instabox: 'sv' };

/** Words that mark a language in carrier texts (short, frequent, and not shared between the five). */
const markers: Record<Locale, readonly string[]> = {
  fi: ['on', 'ja', 'ei', 'lähetys', 'lähetystä', 'paketti', 'vastaanottajalle', 'vastaanottajaa', 'noudettavissa', 'luovutettu', 'kuljetuksessa', 'poikkeama', 'noudettu', 'saapunut', 'jakeluun', 'palautettu'],
  sv: ['och', 'är', 'har', 'till', 'försändelsen', 'paketet', 'hos', 'levererats', 'hämtats', 'kunde', 'inte', 'ditt', 'från', 'avsändaren', 'pågår', 'att'],
  en: ['the', 'has', 'been', 'is', 'your', 'we', 'shipment', 'parcel', 'delivered', 'of', 'and', 'to', 'at', 'from', 'for', 'with'],
  da: ['og', 'pakken', 'forsendelsen', 'leveret', 'af', 'ikke', 'afhentning', 'modtageren', 'afsenderen', 'udleveringssted', 'din'],
  nb: ['og', 'pakken', 'sendingen', 'levert', 'av', 'ikke', 'hentested', 'mottakeren', 'avsenderen', 'din', 'klar', 'henting'],
};

/** The language of a carrier text by its words, else the carrier's usual language. */
export function textLanguage(text: string, carrier: Carrier): Locale {
  const words = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  let best: Locale | null = null;
  let bestScore = 0;
  for (const [locale, list] of Object.entries(markers) as Array<[Locale, readonly string[]]>) {
    const score = words.filter((w) => list.includes(w)).length;
    if (score > bestScore) [best, bestScore] = [locale, score];
  }
  return best ?? carrierLanguage[carrier];
}

const squash = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Whether the carrier's text is shown beneath our phrase, and in which language: shown when it is in
 * another language than the page, or when in the same language it says more than our phrase does.
 */
export function carrierTextFor(phrase: string, description: string | null, carrier: Carrier, pageLocale: Locale): { text: string; lang: Locale } | null {
  const text = description?.trim();
  if (!text) return null;
  const lang = textLanguage(text, carrier);
  const sameLanguage = lang === pageLocale || (lang === 'da' && pageLocale === 'nb') || (lang === 'nb' && pageLocale === 'da');
  if (sameLanguage) {
    const ours = squash(phrase);
    const theirs = squash(text);
    if (!theirs || ours.includes(theirs) || theirs.includes(ours)) return null;
  }
  return { text, lang };
}
