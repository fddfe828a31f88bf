import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales } from '@/lib/i18n/locales';
import { helpTable, parcelHelp } from './parcel-help';

const today = '2026-12-05';

describe('what to do about a parcel in trouble', () => {
  it('a Bring customs hold: answer Bring, within the 14 days Posten gives for the documents', () => {
    const help = parcelHelp({ carrier: 'bring', status: 'exception', subStatus: 'customs' }, '2026-12-03', today);
    expect(help).toMatchObject({ kind: 'customs', message: 'customsBring', action: 'carrier', actBy: '2026-12-17' });
  });

  it('a missed delivery: the carrier holding period sets the last day; Posten and PostNord add their free extension; Budbee books a new time', () => {
    expect(parcelHelp({ carrier: 'posti', status: 'failed_attempt', subStatus: null }, '2026-12-04', today)).toMatchObject({ message: 'failedAttempt', days: 7, actBy: '2026-12-11', action: 'carrier' });
    expect(parcelHelp({ carrier: 'dhl', status: 'failed_attempt', subStatus: null }, '2026-12-04', today)).toMatchObject({ days: 14, actBy: '2026-12-18' });
    expect(parcelHelp({ carrier: 'bring', status: 'failed_attempt', subStatus: null }, '2026-12-04', today)?.extra).toBe('extendPosten');
    expect(parcelHelp({ carrier: 'postnord', status: 'failed_attempt', subStatus: null }, '2026-12-04', today)?.extra).toBe('extendPostnord');
    expect(parcelHelp({ carrier: 'budbee', status: 'failed_attempt', subStatus: null }, '2026-12-04', today)).toMatchObject({ message: 'failedAttemptBudbee', actBy: null });
  });

  it('a last day already past is not shown', () => {
    expect(parcelHelp({ carrier: 'posti', status: 'failed_attempt', subStatus: null }, '2026-11-20', today)?.actBy).toBeNull();
  });

  it('address, going back, damaged and lost are handled with us, not at the carrier', () => {
    expect(parcelHelp({ carrier: 'posti', status: 'exception', subStatus: 'address_issue' }, null, today)?.action).toBe('shop');
    expect(parcelHelp({ carrier: 'posti', status: 'returned_to_sender', subStatus: null }, null, today)?.action).toBe('shop');
    expect(parcelHelp({ carrier: 'matkahuolto', status: 'exception', subStatus: 'damaged' }, null, today)?.action).toBe('claim');
    expect(parcelHelp({ carrier: 'dhl', status: 'exception', subStatus: 'lost' }, null, today)?.action).toBe('claim');
  });

  it('nothing to do for parcels without trouble or with weather', () => {
    expect(parcelHelp({ carrier: 'posti', status: 'in_transit', subStatus: null }, null, today)).toBeNull();
    expect(parcelHelp({ carrier: 'posti', status: 'exception', subStatus: 'weather' }, null, today)).toBeNull();
  });

  it('every row of the table has its words in all five languages', () => {
    const keys = new Set(Object.values(helpTable).flatMap((rows) => Object.values(rows).flatMap((row) => [row.message, ...(row.extra ? [row.extra] : [])])));
    for (const locale of locales) {
      const help = JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')).firstScreen.help;
      for (const key of keys) expect(typeof help[key], `${locale}: firstScreen.help.${key}`).toBe('string');
    }
  });
});
