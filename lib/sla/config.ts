import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { settings } from '@/db/schema';
import { DEFAULT_SHOP_TIME_ZONE } from '@/lib/time/today';
import type { BusinessCalendar } from './calendar';
import { computeSla, parseSlaSettings, type SlaColumns, type SlaFacts, type SlaSettings, slaCalendar } from './sla';

export type SlaConfig = { settings: SlaSettings; calendar: BusinessCalendar };

/** SLA settings (`settings.sla`) and the shop's time zone and country (`settings.shop`). */
export async function getSlaConfig(db: DbOrTx): Promise<SlaConfig> {
  return (await getSlaConfigAndShop(db)).config;
}

/** The queue reads it on every view: prepared once (db/prepared.ts). */
const slaAndShopRows = preparedQuery((db) => db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, ['sla', 'shop'])).prepare('sla_and_shop'));

/** The SLA config and the raw `settings.shop` row it reads the time zone from, in one statement (the case page wants the shop's name too). */
export async function getSlaConfigAndShop(db: DbOrTx): Promise<{ config: SlaConfig; shop: { name?: string; timeZone?: string; country?: string } }> {
  const rows = await slaAndShopRows(db).execute();
  return slaConfigAndShop({ sla: rows.find((r) => r.key === 'sla')?.value, shop: rows.find((r) => r.key === 'shop')?.value });
}

/** The SLA config from the raw `settings.sla` and `settings.shop` values (null when unset), read by the caller. */
export function slaConfigAndShop(values: { sla: unknown; shop: unknown }): { config: SlaConfig; shop: { name?: string; timeZone?: string; country?: string } } {
  const sla = parseSlaSettings(values.sla);
  const shop = (values.shop ?? {}) as { name?: string; timeZone?: string; country?: string };
  return { config: { settings: sla, calendar: slaCalendar(sla, { timeZone: shop.timeZone ?? DEFAULT_SHOP_TIME_ZONE, country: shop.country ?? 'FI' }) }, shop };
}

export async function saveSlaSettings(db: DbOrTx, value: SlaSettings): Promise<void> {
  await db.insert(settings).values({ key: 'sla', value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

export async function getRawSetting(db: DbOrTx, key: string): Promise<unknown> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

/** Every SLA column of a case, including the queue's sort key. */
export function slaColumns(facts: SlaFacts, config: SlaConfig): SlaColumns & { queueAt: Date } {
  const columns = computeSla(facts, config.settings, config.calendar);
  return { ...columns, queueAt: columns.slaDueAt ?? columns.resolutionDueAt };
}
