// PLACEHOLDER for contract A (owner: delays) — replaced by the delays engineer's sweep at merge.
// Detects only stalled_in_transit and eta_breached, enough for the Delays UI and its e2e.
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { addBusinessDays } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';
import { sendNotices } from './send-notices';
import { type DelayKind, readDelaySettings } from './settings';

export async function sweepDelays(db: Db, now = new Date()): Promise<{ opened: Partial<Record<DelayKind, number>>; closed: Partial<Record<DelayKind, number>> }> {
  const [settings, shop] = await Promise.all([readDelaySettings(db), readShopSettings(db)]);
  const today = todayIn(shop.timeZone, now);
  const stalledBefore = addBusinessDays(today, -settings.thresholds.stalled_in_transit.default);
  const closed = await db.execute<{ kind: DelayKind; n: number }>(sql`
    with c as (
      update delay_incidents i set resolved_at = ${now.toISOString()}::timestamptz
      from shipments s
      where s.id = i.shipment_id and i.resolved_at is null
        and (s.status in ('delivered', 'canceled', 'returned_to_sender') or (i.kind = 'stalled_in_transit' and s.last_event_at > i.opened_at))
      returning i.kind)
    select kind, count(*)::int as n from c group by kind`);
  const opened = await db.execute<{ id: string; kind: DelayKind }>(sql`
    insert into delay_incidents (shipment_id, kind, details, opened_at)
    select s.id, k.kind::delay_kind, '{}'::jsonb, ${now.toISOString()}::timestamptz
    from shipments s
    cross join lateral (values
      (case when s.status = 'in_transit' and s.last_event_at < ${stalledBefore}::date then 'stalled_in_transit' end),
      (case when s.status not in ('delivered', 'canceled', 'returned_to_sender') and coalesce(s.promised_date, s.carrier_eta, s.predicted_date) < ${today}::date then 'eta_breached' end)
    ) as k(kind)
    where s.direction = 'outbound' and k.kind is not null
    on conflict do nothing
    returning id, kind`);
  const auto = opened.filter((r) => settings.sendPolicy[r.kind] === 'auto').map((r) => r.id);
  if (auto.length) await sendNotices({ db, actor: { type: 'system' } }, { incidentIds: auto });
  const count = (rows: Array<{ kind: DelayKind; n?: number }>) => rows.reduce<Partial<Record<DelayKind, number>>>((acc, r) => ({ ...acc, [r.kind]: (acc[r.kind] ?? 0) + (r.n ?? 1) }), {});
  return { opened: count(opened), closed: count(closed) };
}
