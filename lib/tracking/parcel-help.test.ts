import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Carrier } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/core/enums';
import { locales } from '@/lib/i18n/locales';
import { type HelpRow, helpTable, parcelHelp } from './parcel-help';

const today = '2026-12-05';
const customs = (carrier: Carrier, destinationCountry: string) => parcelHelp({ carrier, status: 'exception', subStatus: 'customs', destinationCountry }, '2026-12-03', today);
const missed = (carrier: Carrier, destinationCountry: string) => parcelHelp({ carrier, status: 'failed_attempt', subStatus: null, destinationCountry }, '2026-12-04', today);
const allRows = Object.values(helpTable).flatMap((rows) => Object.values(rows).filter((row): row is HelpRow => row !== undefined));
const trouble = (carrier: Carrier, status: ShipmentStatus, subStatus: string | null) => parcelHelp({ carrier, status, subStatus, destinationCountry: 'FI' }, null, today);

describe('what to do about a parcel held in customs, per carrier and destination country', () => {
  it('Bring to Norway: answer Bring, within the 14 days Posten gives for the documents', () => {
    expect(customs('bring', 'NO')).toMatchObject({ kind: 'customs', message: 'customsBring', action: 'carrier', actBy: '2026-12-17' });
    // The country code is read as written by any platform.
    expect(customs('bring', 'no')?.message).toBe('customsBring');
  });

  it("Bring elsewhere: Posten's 14 days are Norway's rule, so the general sentence and no deadline", () => {
    for (const country of ['SE', 'DK']) expect(customs('bring', country)).toMatchObject({ message: 'customsDefault', action: 'carrier', actBy: null });
  });

  it('PostNord in Sweden, Denmark, Norway and Finland: answer PostNord if it asks, no published deadline', () => {
    for (const country of ['SE', 'DK', 'NO', 'FI']) expect(customs('postnord', country)).toMatchObject({ message: 'customsPostnord', action: 'carrier', actBy: null });
  });

  it('Posti to Finland: the general sentence, and the 14 days Posti keeps a parcel from abroad once released', () => {
    expect(customs('posti', 'FI')).toMatchObject({ message: 'customsDefault', extra: 'customsPostiAbroad', actBy: null });
  });

  it('DHL and Matkahuolto: the general sentence, no deadline (nothing published in the research)', () => {
    expect(customs('dhl', 'FI')).toMatchObject({ message: 'customsDefault', action: 'carrier', actBy: null });
    expect(customs('dhl', 'SE')).toMatchObject({ message: 'customsDefault', actBy: null });
    expect(customs('matkahuolto', 'FI')).toMatchObject({ message: 'customsDefault', actBy: null });
    expect(customs('dhl', 'FI')?.extra).toBeUndefined();
  });
});

describe('what to do about a missed delivery, per carrier and destination country', () => {
  it('Posti in Finland: 7 days at the pickup point, the last day on the arrival notice', () => {
    expect(missed('posti', 'FI')).toMatchObject({ message: 'failedAttemptPosti', actWithinDays: 7, actBy: '2026-12-11', action: 'carrier' });
  });

  it('Bring in Norway: to the nearest pickup point, 7 days, free extension to 14 in the Posten app or by SMS', () => {
    expect(missed('bring', 'NO')).toMatchObject({ message: 'failedAttemptBring', extra: 'extendPosten', actWithinDays: 7, actBy: '2026-12-11' });
  });

  it('Bring in Sweden and Denmark: no published holding period, so no last day', () => {
    for (const country of ['SE', 'DK']) expect(missed('bring', country)).toMatchObject({ message: 'failedAttemptNoLimit', actWithinDays: null, actBy: null });
  });

  it('PostNord: Sweden 7 days with the free extension to 14, Denmark 7 days, Norway and Finland unpublished', () => {
    expect(missed('postnord', 'SE')).toMatchObject({ message: 'failedAttempt', extra: 'extendPostnord', actWithinDays: 7, actBy: '2026-12-11' });
    expect(missed('postnord', 'DK')).toMatchObject({ message: 'failedAttempt', actWithinDays: 7, actBy: '2026-12-11' });
    expect(missed('postnord', 'DK')?.extra).toBeUndefined();
    for (const country of ['NO', 'FI']) expect(missed('postnord', country)).toMatchObject({ message: 'failedAttemptNoLimit', actBy: null });
  });

  it('Matkahuolto in Finland: 7 days', () => {
    expect(missed('matkahuolto', 'FI')).toMatchObject({ message: 'failedAttempt', actWithinDays: 7, actBy: '2026-12-11' });
  });

  it('DHL: 14 days at a Swedish service point; elsewhere unpublished', () => {
    expect(missed('dhl', 'SE')).toMatchObject({ message: 'failedAttempt', actWithinDays: 14, actBy: '2026-12-18' });
    expect(missed('dhl', 'FI')).toMatchObject({ message: 'failedAttemptNoLimit', actBy: null });
  });

  it('Budbee: a new delivery time in its app, in any country; Instabox: unpublished', () => {
    for (const country of ['SE', 'FI', 'DK']) expect(missed('budbee', country)).toMatchObject({ message: 'failedAttemptBudbee', actBy: null });
    expect(missed('instabox', 'SE')).toMatchObject({ message: 'failedAttemptNoLimit', actBy: null });
  });

  it('a last day already past is not shown', () => {
    expect(parcelHelp({ carrier: 'posti', status: 'failed_attempt', subStatus: null, destinationCountry: 'FI' }, '2026-11-20', today)?.actBy).toBeNull();
  });
});

describe('problems handled with us', () => {
  it('address, going back, damaged and lost are handled with us, not at the carrier', () => {
    expect(trouble('posti', 'exception', 'address_issue')).toMatchObject({ message: 'addressIssue', action: 'shop' });
    expect(trouble('posti', 'returned_to_sender', null)?.action).toBe('shop');
    expect(trouble('matkahuolto', 'exception', 'damaged')?.action).toBe('claim');
    expect(trouble('dhl', 'exception', 'lost')?.action).toBe('claim');
  });

  it('nothing to do for parcels without trouble or with weather', () => {
    expect(trouble('posti', 'in_transit', null)).toBeNull();
    expect(trouble('posti', 'exception', 'weather')).toBeNull();
  });
});

describe('the words', () => {
  it('every row of the table has its words in all five languages', () => {
    const keys = new Set(allRows.flatMap((row) => [row.message, ...(row.extra ? [row.extra] : [])]));
    for (const locale of locales) {
      const help = JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')).firstScreen.help;
      for (const key of keys) expect(typeof help[key], `${locale}: firstScreen.help.${key}`).toBe('string');
    }
  });

  it('a row with a last day names the days only when its message has them; a row without one never shows a count', () => {
    const en = JSON.parse(readFileSync(path.join(process.cwd(), 'messages', 'en.json'), 'utf8')).firstScreen.help;
    for (const row of allRows) {
      if (en[row.message].includes('{days}')) expect(row.actWithinDays, row.message).not.toBeNull();
    }
  });
});
