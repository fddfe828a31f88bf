import { createTranslator } from 'use-intl/core';
import { carrierName, isCarrier } from '@/lib/carriers/catalog';
import type { Locale } from '@/lib/core/locales';
import { loadMessages } from '@/lib/i18n/messages';
import type { Cell, ReportColumn, ReportRow } from './definitions';

export type ReportsT = Awaited<ReturnType<typeof reportsTranslator>>;

/** `staffReports` in the staff member's language: the page and the CSV use the same texts. */
export async function reportsTranslator(locale: Locale) {
  return createTranslator({ locale, messages: await loadMessages(locale), namespace: 'staffReports' });
}

export function columnLabel(t: ReportsT, column: ReportColumn): string {
  return column.literal ? column.label : t(`columns.${column.label}` as Parameters<ReportsT>[0]);
}

/** A text cell as people read it: codes of buckets, causes, SLA outcomes, case types and delay kinds translated, carriers named. */
export function textCell(t: ReportsT, column: ReportColumn, row: ReportRow): Cell {
  const value = row[column.key] ?? null;
  if (value == null || column.format !== 'text') return value;
  const v = String(value);
  if (column.key === 'bucket') return t(`buckets.${v}` as Parameters<ReportsT>[0]);
  if (column.key === 'cause') return t(`causes.${v}` as Parameters<ReportsT>[0]);
  if (column.key === 'slaOutcome') return t(`slaOutcomes.${v}` as Parameters<ReportsT>[0]);
  if (column.key === 'type' && t.has(`caseTypes.${v}` as Parameters<ReportsT>[0])) return t(`caseTypes.${v}` as Parameters<ReportsT>[0]);
  if (column.key === 'kind' && t.has(`delayKinds.${v}` as Parameters<ReportsT>[0])) return t(`delayKinds.${v}` as Parameters<ReportsT>[0]);
  if (column.key === 'carrier' && isCarrier(v)) return carrierName(v);
  if (column.key === 'agent' && v === '') return t('unassigned');
  if (column.key === 'weekday' && t.has(`weekdays.${v}` as Parameters<ReportsT>[0])) return t(`weekdays.${v}` as Parameters<ReportsT>[0]);
  return v;
}
