import { describe, expect, it } from 'vitest';
import { carrierTextFor, textLanguage } from './event-text';

describe('carrier event texts beneath our phrase', () => {
  it('recognises the language of the carriers\u2019 texts', () => {
    expect(textLanguage('Lähetys on kuljetuksessa', 'posti')).toBe('fi');
    expect(textLanguage('Jakeluyritys, vastaanottajaa ei tavoitettu', 'matkahuolto')).toBe('fi');
    expect(textLanguage('Försändelsen har lämnats in till PostNord', 'postnord')).toBe('sv');
    expect(textLanguage('The shipment is held by customs. Customs needs more information.', 'bring')).toBe('en');
    expect(textLanguage('Pakken er klar til henting', 'bring')).toBe('nb');
    // No marker word: the carrier's usual language.
    expect(textLanguage('Noudettavissa', 'matkahuolto')).toBe('fi');
    expect(textLanguage('Delivered', 'dhl')).toBe('en');
  });

  it('a Finnish carrier text on a Swedish page is shown beneath "I transit", marked as Finnish', () => {
    expect(carrierTextFor('I transit', 'Lähetys on kuljetuksessa', 'posti', 'sv')).toEqual({ text: 'Lähetys on kuljetuksessa', lang: 'fi' });
  });

  it('texts a carrier wrote in the order\u2019s language (PostNord asked with locale=fi, Bring with lang=no) are read as that language, not the carrier\u2019s usual one', () => {
    expect(textLanguage('Lähetys on saapunut noutopisteeseen', 'postnord')).toBe('fi');
    expect(carrierTextFor('Noudettavissa', 'Lähetys on saapunut noutopisteeseen', 'postnord', 'fi')).toEqual({ text: 'Lähetys on saapunut noutopisteeseen', lang: 'fi' });
    expect(carrierTextFor('Under transport', 'Sendingen er ankommet terminalen i Oslo', 'bring', 'nb')).toEqual({ text: 'Sendingen er ankommet terminalen i Oslo', lang: 'nb' });
  });

  it('an English carrier text on a Danish or Norwegian page is shown, marked as English', () => {
    expect(carrierTextFor('Levert', 'The shipment has been delivered', 'bring', 'nb')).toEqual({ text: 'The shipment has been delivered', lang: 'en' });
    expect(carrierTextFor('Leveret', 'Delivered', 'dhl', 'da')).toEqual({ text: 'Delivered', lang: 'en' });
  });

  it('in the page\u2019s own language it is shown only when it says more than our phrase', () => {
    expect(carrierTextFor('Delivered', 'Delivered', 'dhl', 'en')).toBeNull();
    expect(carrierTextFor('Ready for pickup', 'The shipment is ready for pickup', 'bring', 'en')).toBeNull();
    expect(carrierTextFor('In transit', 'The shipment has arrived at the terminal', 'bring', 'en')).toEqual({ text: 'The shipment has arrived at the terminal', lang: 'en' });
    expect(carrierTextFor('Toimitettu', 'Lähetys on luovutettu vastaanottajalle', 'posti', 'fi')).toEqual({ text: 'Lähetys on luovutettu vastaanottajalle', lang: 'fi' });
    expect(carrierTextFor('In transit', null, 'bring', 'en')).toBeNull();
  });
});
