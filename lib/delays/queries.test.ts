import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { delayIncidents, orders } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { businessDaysBetween } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';
import { testDb } from '@/test/db';
import { createNoticedOrder, stallParcel } from '@/test/delay-factories';
import { createOrder } from '@/test/factories';
import { chooseRemedy } from './choose-remedy';
import { dismissIncidents } from './dismiss-incidents';
import en from '@/messages/en.json' with { type: 'json' };
import fi from '@/messages/fi.json' with { type: 'json' };
import sv from '@/messages/sv.json' with { type: 'json' };
import { listDelayBanners, listDelayGroups, listNoticeHistory, remedyPageState } from './queries';

const staff = { type: 'staff', staffId: '00000000-0000-4000-8000-000000000000', role: 'agent' } as const;

describe('the Delays view groups', () => {
  it('groups open incidents by kind, carrier and postal area with counts, languages and business-day ages; dismissed ones leave', async () => {
    const db = testDb();
    // A postal area of our own, so the group holds only this test's incidents.
    const area = String(10 + Math.floor(Math.random() * 89));
    const opened = new Date(Date.now() - 6 * 86_400_000);
    const ids: string[] = [];
    for (const locale of ['sv', 'fi', 'sv'] as const) {
      const order = await createOrder(db, locale);
      await db.update(orders).set({ shippingPostalCode: `${area}Q${ids.length}` }).where(eq(orders.id, order.id));
      const shipmentId = await stallParcel(db, order);
      const [row] = await db.insert(delayIncidents).values({ orderId: order.id, shipmentId, kind: 'carrier_exception', openedAt: opened }).returning({ id: delayIncidents.id });
      ids.push(row!.id);
    }
    const group = (await listDelayGroups({ db, actor: staff })).find((g) => g.kind === 'carrier_exception' && g.carrier === 'matkahuolto' && g.area === area);
    expect(group).toBeDefined();
    expect(group!.count).toBe(3);
    expect(group!.awaiting).toBe(3);
    expect(group!.incidents.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(group!.samples.map((s) => s.locale).sort()).toEqual(['fi', 'sv']);
    const expectedAge = businessDaysBetween(todayIn('Europe/Helsinki', opened), todayIn('Europe/Helsinki'));
    expect(group!.oldestBusinessDays).toBe(expectedAge);
    expect(group!.medianBusinessDays).toBe(expectedAge);

    await dismissIncidents({ db, actor: staff }, { incidentIds: [ids[0]!] });
    const after = (await listDelayGroups({ db, actor: staff })).find((g) => g.key === group!.key);
    expect(after!.count).toBe(2);
    expect(after!.incidents.map((i) => i.id)).not.toContain(ids[0]);
  });

  it('is for staff only', async () => {
    const error = await listDelayGroups({ db: testDb(), actor: { type: 'system' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('forbidden');
  });

  it('history pages by keyset without repeats and shows the chosen remedy', async () => {
    const db = testDb();
    const a = await createNoticedOrder(db);
    await chooseRemedy({ db, clientKey: 'history-test' }, { token: a.token, remedy: 'keep_waiting' });
    const first = await listNoticeHistory({ db, actor: staff }, {});
    const mine = first.rows.find((r) => r.id === a.noticeId);
    expect(mine).toMatchObject({ orderNumber: a.order.orderNumber, kind: 'stalled_in_transit', locale: 'en', remedyChosen: 'keep_waiting' });
    if (first.nextCursor) {
      const second = await listNoticeHistory({ db, actor: staff }, { after: first.nextCursor });
      const seen = new Set(first.rows.map((r) => r.id));
      expect(second.rows.some((r) => seen.has(r.id))).toBe(false);
    }
  });
});

describe('customer reads', () => {
  it('the banner carries the notice, the remedy link until a choice, then the choice', async () => {
    const db = testDb();
    const n = await createNoticedOrder(db, { locale: 'sv' });
    const [banner] = await listDelayBanners(db, n.order.id);
    expect(banner).toMatchObject({ incidentId: n.incidentId, locale: 'sv', remedyChosen: null, remedyPath: `/sv/delays/${n.token}` });
    expect(banner!.heading.length).toBeGreaterThan(0);
    await chooseRemedy({ db, clientKey: 'banner-test' }, { token: n.token, remedy: 'keep_waiting' });
    const [after] = await listDelayBanners(db, n.order.id);
    expect(after).toMatchObject({ remedyChosen: 'keep_waiting', remedyPath: null });
  });

  it('a Finnish order’s banner and remedy page speak the page’s language on sv and en pages (not the order’s Finnish)', async () => {
    const db = testDb();
    const n = await createNoticedOrder(db, { locale: 'fi' });
    const finnish = await listDelayBanners(db, n.order.id, 'fi');
    expect(finnish[0]!.heading).toBe(fi.delayNotice.heading.stalled_in_transit);
    for (const [locale, catalog] of [
      ['sv', sv],
      ['en', en],
    ] as const) {
      const [banner] = await listDelayBanners(db, n.order.id, locale);
      expect(banner).toMatchObject({ locale, heading: catalog.delayNotice.heading.stalled_in_transit, remedyPath: `/${locale}/delays/${n.token}` });
      // The body: what happened and what the shop does, in that language (no Finnish sentence left).
      expect(banner!.paragraphs.join(' ')).toContain(catalog.delayNotice.happened.stalled_in_transit.split('{carrier}')[1]!.split('{date}')[0]!.trim());
      for (const p of finnish[0]!.paragraphs) expect(banner!.paragraphs).not.toContain(p);

      const page = await remedyPageState(db, n.token, locale);
      expect(page).toMatchObject({ status: 'open', notice: { locale, heading: catalog.delayNotice.heading.stalled_in_transit } });
      if (page.status === 'invalid') throw new Error('unreachable');
      expect(page.notice.paragraphs).toEqual(banner!.paragraphs);
    }
  });

  it('the remedy page state hides whether a token exists', async () => {
    const db = testDb();
    expect(await remedyPageState(db, 'A'.repeat(40))).toEqual({ status: 'invalid' });
    expect(await remedyPageState(db, '../../etc')).toEqual({ status: 'invalid' });
    const n = await createNoticedOrder(db);
    const state = await remedyPageState(db, n.token);
    expect(state).toMatchObject({ status: 'open', orderNumber: n.order.orderNumber, refundAmount: 2980, discountAmount: 956 });
  });
});
