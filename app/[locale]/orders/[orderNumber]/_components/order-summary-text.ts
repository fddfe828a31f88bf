import { getTranslations } from 'next-intl/server';
import { buildOrderSummary, type OpenReturnDto, type SummaryParcel, summaryText } from '@/lib/orders/order-summary';
import { localDate } from '../../../_components/dates';
import { getPageDates } from '../../../_components/page-dates';

/** The first screen's answer (order page and "ask" page): one sentence for the parcels, one line per return or exchange under way. */
export async function orderSummaryText(parcels: SummaryParcel[], returns: OpenReturnDto[]): Promise<{ sentence: string; returns: string[] }> {
  const [t, dates] = await Promise.all([getTranslations('firstScreen.summary'), getPageDates()]);
  return summaryText(buildOrderSummary({ parcels, returns }), t as unknown as Parameters<typeof summaryText>[1], (value) => localDate(dates, value));
}
