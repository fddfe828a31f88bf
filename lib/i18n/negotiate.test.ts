import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './negotiate';

describe('Accept-Language negotiation', () => {
  it.each([
    ['sv-SE,sv;q=0.9,en;q=0.5', 'sv'],
    ['de-DE,en;q=0.3', 'en'],
    ['en;q=0.2,da;q=0.8', 'da'],
    ['no', 'nb'],
    ['de', 'fi'],
    [null, 'fi'],
    ['garbage;;;q=x', 'fi'],
  ])('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});
