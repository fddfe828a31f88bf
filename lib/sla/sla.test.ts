import { describe, expect, it } from 'vitest';
import { addBusinessSeconds, type BusinessCalendar, businessSecondsBetween, DEFAULT_WEEK_HOURS, localDate, zonedTime } from './calendar';
import { computeSla, parseSlaSettings, pauseSla, resumeSla, type SlaFacts, slaClock } from './sla';

const cal: BusinessCalendar = { timeZone: 'Europe/Helsinki', country: 'FI', hours: DEFAULT_WEEK_HOURS };
const settings = parseSlaSettings({});
/** Helsinki wall-clock time → instant. */
const hel = (date: string, time: string) => zonedTime(date, time, 'Europe/Helsinki');
const H = 3600;

describe('business-hours arithmetic (Mon–Fri 08–16 Europe/Helsinki, Finnish holidays)', () => {
  // 2026-11-23 is a Monday.
  it.each([
    ['inside the day', '2026-11-23', '10:00', 4, '2026-11-23', '14:00'],
    ['across the evening', '2026-11-23', '14:00', 4, '2026-11-24', '10:00'],
    ['opened in the evening', '2026-11-23', '18:30', 4, '2026-11-24', '12:00'],
    ['opened before opening', '2026-11-24', '06:15', 4, '2026-11-24', '12:00'],
    ['across the weekend', '2026-11-27', '15:00', 4, '2026-11-30', '11:00'],
    ['opened on Saturday', '2026-11-28', '12:00', 4, '2026-11-30', '12:00'],
    ['24 business hours = three working days', '2026-11-23', '10:00', 24, '2026-11-26', '10:00'],
    ['Christmas Eve and Christmas Day are holidays', '2026-12-23', '14:00', 4, '2026-12-28', '10:00'],
    ['Independence Day on a weekday (2027-12-06 is a Monday)', '2027-12-03', '15:00', 4, '2027-12-07', '11:00'],
    ['Easter: Good Friday and Easter Monday', '2026-04-02', '15:00', 4, '2026-04-07', '11:00'],
    ['Midsummer Eve', '2026-06-18', '14:00', 4, '2026-06-22', '10:00'],
    ['exactly at closing time', '2026-11-23', '16:00', 1, '2026-11-24', '09:00'],
    ['across the spring DST change (local hours stay 08–16)', '2026-03-27', '15:00', 4, '2026-03-30', '11:00'],
    ['across the autumn DST change', '2026-10-23', '15:00', 4, '2026-10-26', '11:00'],
  ])('%s: %s %s + %ih → %s %s', (_name, date, time, hours, dueDate, dueTime) => {
    expect(addBusinessSeconds(hel(date, time), hours * H, cal).toISOString()).toBe(hel(dueDate, dueTime).toISOString());
  });

  it.each([
    ['same day', ['2026-11-23', '09:00'], ['2026-11-23', '15:30'], 6.5],
    ['overnight counts nothing', ['2026-11-23', '15:00'], ['2026-11-24', '09:00'], 2],
    ['a weekend counts nothing', ['2026-11-27', '16:00'], ['2026-11-30', '08:00'], 0],
    ['a whole week', ['2026-11-23', '00:00'], ['2026-11-30', '00:00'], 40],
    ['Christmas week', ['2026-12-21', '00:00'], ['2026-12-28', '00:00'], 24],
    ['reversed is zero', ['2026-11-24', '10:00'], ['2026-11-23', '10:00'], 0],
  ])('between: %s', (_name, from, to, hours) => {
    expect(businessSecondsBetween(hel(from[0]!, from[1]!), hel(to[0]!, to[1]!), cal)).toBe(hours * H);
  });

  it('a custom calendar: Saturdays 10–14 open', () => {
    const withSaturday: BusinessCalendar = { ...cal, hours: { ...DEFAULT_WEEK_HOURS, '6': { open: '10:00', close: '14:00' } } };
    expect(addBusinessSeconds(hel('2026-11-27', '15:00'), 4 * H, withSaturday).toISOString()).toBe(hel('2026-11-28', '13:00').toISOString());
  });
});

describe('SLA due times, pauses and clocks', () => {
  const opened = (at: Date, extra: Partial<SlaFacts> = {}): SlaFacts => ({ type: 'question', createdAt: at, firstRespondedAt: null, resolvedAt: null, slaPausedAt: null, slaPausedSeconds: 0, ...extra });

  it('sets first response 4 and resolution 24 business hours after opening', () => {
    const sla = computeSla(opened(hel('2026-11-27', '15:00')), settings, cal);
    expect(sla.firstResponseDueAt.toISOString()).toBe(hel('2026-11-30', '11:00').toISOString());
    expect(sla.resolutionDueAt.toISOString()).toBe(hel('2026-12-02', '15:00').toISOString());
    expect(sla.slaDueAt).toEqual(sla.firstResponseDueAt);
    // Amber with 25 % (1 h) left.
    expect(sla.slaWarnAt!.toISOString()).toBe(hel('2026-11-30', '10:00').toISOString());
  });

  it('per-type targets override the defaults', () => {
    const custom = parseSlaSettings({ byType: { claim: { firstResponseHours: 2 } } });
    const sla = computeSla(opened(hel('2026-11-23', '10:00'), { type: 'claim' }), custom, cal);
    expect(sla.firstResponseDueAt.toISOString()).toBe(hel('2026-11-23', '12:00').toISOString());
  });

  it('pauses while waiting on the customer and moves the due times by the paused business time', () => {
    let facts = opened(hel('2026-11-23', '10:00'));
    facts = pauseSla(facts, hel('2026-11-23', '12:00')); // 2 h used
    expect(computeSla(facts, settings, cal).slaDueAt).toBeNull();
    expect(slaClock({ ...facts, ...computeSla(facts, settings, cal) }, settings, cal, hel('2026-11-25', '10:00')).state).toBe('paused');
    facts = resumeSla(facts, hel('2026-11-25', '12:00'), cal); // paused Mon 12–16, Tue, Wed 8–12 = 16 business hours
    expect(facts.slaPausedSeconds).toBe(16 * H);
    const sla = computeSla(facts, settings, cal);
    expect(sla.firstResponseDueAt.toISOString()).toBe(hel('2026-11-25', '14:00').toISOString()); // 2 h left after resuming
  });

  it('a pause over a weekend costs only the business hours in it', () => {
    const facts = resumeSla(pauseSla(opened(hel('2026-11-27', '09:00')), hel('2026-11-27', '15:00')), hel('2026-11-30', '09:00'), cal);
    expect(facts.slaPausedSeconds).toBe(2 * H);
  });

  it.each([
    ['plenty of time', '2026-11-23', '10:30', 'ok'],
    ['under 25 % left', '2026-11-23', '13:15', 'warning'],
    ['past due', '2026-11-23', '14:30', 'breached'],
    ['overnight the clock stands still', '2026-11-23', '22:00', 'ok', '14:00'],
    ['next morning under 25 % left', '2026-11-24', '09:15', 'warning', '14:00'],
  ])('clock: %s', (_name, date, time, state, openedAt = '10:00') => {
    const facts = opened(hel('2026-11-23', openedAt));
    expect(slaClock({ ...facts, ...computeSla(facts, settings, cal) }, settings, cal, hel(date, time)).state).toBe(state);
  });

  it('after the first response the resolution clock runs; resolved cases are met or missed', () => {
    const facts = opened(hel('2026-11-23', '10:00'), { firstRespondedAt: hel('2026-11-23', '11:00') });
    const sla = computeSla(facts, settings, cal);
    expect(sla.slaDueAt).toEqual(sla.resolutionDueAt);
    expect(slaClock({ ...facts, ...sla }, settings, cal, hel('2026-11-24', '10:00'))).toMatchObject({ state: 'ok', remainingSeconds: 16 * H });
    expect(slaClock({ ...facts, ...sla, resolvedAt: hel('2026-11-25', '10:00') }, settings, cal, hel('2026-11-30', '10:00')).state).toBe('met');
    expect(slaClock({ ...facts, ...sla, resolvedAt: hel('2026-11-27', '10:00') }, settings, cal, hel('2026-11-30', '10:00')).state).toBe('missed');
  });
});

describe('local dates and times from the kept offsets', () => {
  // What the Intl API says, each time asked afresh (the calendar keeps offsets per quarter hour and instants per day).
  const intlDate = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const zones = ['Europe/Helsinki', 'Europe/Stockholm', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'];

  it('the local date of every minute around midnights and DST changes matches Intl, asked twice (cold and kept)', () => {
    const around = ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-04-05T00:00:00Z', '2026-11-01T00:00:00Z', '2026-12-31T12:00:00Z'];
    for (const timeZone of zones) {
      for (const centre of around) {
        for (let minute = -24 * 60; minute <= 24 * 60; minute += 7) {
          const at = new Date(Date.parse(centre) + minute * 60_000 + 59_999);
          expect(localDate(at, timeZone)).toBe(intlDate(at, timeZone));
          expect(localDate(at, timeZone)).toBe(intlDate(at, timeZone));
        }
      }
    }
  });

  it('a kept opening hour is the same instant as computed fresh, on both sides of a DST change', () => {
    for (const date of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
      const first = zonedTime(date, '08:00', 'Europe/Helsinki');
      expect(zonedTime(date, '08:00', 'Europe/Helsinki').getTime()).toBe(first.getTime());
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(first)).toBe('08:00');
      expect(localDate(first, 'Europe/Helsinki')).toBe(date);
    }
  });
});

