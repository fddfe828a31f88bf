import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { carrierName } from '@/lib/carriers/catalog';

/**
 * Wording the outside review found wrong in the Finnish catalog. Carrier names arrive uninflected
 * ("Posti", "Matkahuolto"), so a sentence must not need their genitive or case ending: after a
 * case-inflected common noun ("kuljetusyhtiön {carrier} kanssa"), or as an attribute of the next
 * noun ("{carrier} palvelupisteeseen"), the name reads as broken Finnish. "Final sale" is not
 * "loppuunmyyty" (sold out) nor a clearance sale ("loppuunmyynti").
 */

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`)));
const catalog = (locale: string) => flatten(JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')) as Tree);

const fi = catalog('fi');
const carriers = (['posti', 'matkahuolto', 'postnord', 'bring', 'budbee', 'dhl'] as const).map((c) => carrierName(c));

/** Every Finnish message with each carrier's name filled in, as the customer reads it. */
const rendered = fi.flatMap(([key, text]) => (text.includes('{carrier}') ? carriers.map((name) => [key, text.replaceAll('{carrier}', name)] as const) : [[key, text] as const]));

describe('the Finnish catalog reads as Finnish', () => {
  it('never puts a carrier name after an inflected "kuljetusyhtiö" (e.g. "kuljetusyhtiön Matkahuolto kanssa")', () => {
    const names = carriers.join('|');
    const bad = rendered.filter(([, text]) => new RegExp(`kuljetusyhtiö(n|ltä|lle|ssä|stä|ön|tä)\\s+(${names})\\b`, 'i').test(text));
    expect(bad.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('never uses a bare carrier name as the genitive of the next noun (e.g. "Posti palvelupisteeseen")', () => {
    const names = carriers.join('|');
    const bad = rendered.filter(([, text]) => new RegExp(`\\b(${names})\\s+(palvelupiste|pakettiautomaat|noutopiste|toimipiste)`, 'i').test(text));
    expect(bad.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('never calls final-sale items sold-out or clearance products ("Loppuunmyy…")', () => {
    const bad = fi.filter(([, text]) => /loppuunmyy/i.test(text));
    expect(bad.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

describe('no catalog leaves the final-sale setting in English', () => {
  it.each(['fi', 'sv', 'da', 'nb'])('%s translates every final-sale text', (locale) => {
    const english = new Map(catalog('en'));
    const copies = catalog(locale).filter(([key, text]) => /final.sale/i.test(english.get(key) ?? '') && text === english.get(key));
    expect(copies.map(([key]) => key)).toEqual([]);
  });
});
