import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '@/lib/core/actor';
import { isTrailRow, recordEvent } from '@/lib/core/events';
import { type ExportCustomerInput, exportCustomerSchema } from './schemas';
import { textArray, uuidArray } from './sql';
import { findSubject } from './subject';
import { subjectHash } from './subject-hash';
import { authorize } from '@/lib/core/authorize';

export const EXPORT_SECTIONS = [
  'orders',
  'orderLines',
  'shipments',
  'trackingEvents',
  'returns',
  'returnItems',
  'claims',
  'photos',
  'withdrawals',
  'cases',
  'caseMessages',
  'caseEvents',
  'emails',
  'compensations',
  'refunds',
  'csat',
  'csatOptOuts',
  'delayIncidents',
  'notices',
  'trackingLinks',
] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];
export type ExportRow = Record<string, unknown>;

/** Everything Paluu holds about one address (GDPR art. 15), as plain JSON rows per section. */
export type CustomerExport = { email: string; generatedAt: string; sections: Record<ExportSection, ExportRow[]> };

/**
 * The data-subject access export: all rows about the address, including internal notes, every
 * email sent (bodies too) and audit events. Admin only; the export itself is audited (hashed address).
 */
export async function exportCustomer(ctx: Ctx, input: ExportCustomerInput): Promise<CustomerExport> {
  const actor = authorize(ctx.actor, 'privacy.manage');
  const { email } = exportCustomerSchema.parse(input);
  const hash = await subjectHash(ctx.db, email);
  return ctx.db.transaction(async (tx) => {
    const s = await findSubject(tx, email);
    const O = uuidArray(s.orderIds);
    const C = uuidArray(s.caseIds);
    const E = textArray(s.emails);
    // Secrets (token hashes) and photo bytes stay out; everything else goes as stored.
    const queries: Record<ExportSection, SQL> = {
      orders: sql`select to_jsonb(t) as row from orders t where id = any(${O}) order by placed_at`,
      orderLines: sql`select to_jsonb(t) as row from order_lines t where order_id = any(${O}) order by order_id, position`,
      shipments: sql`select to_jsonb(t) as row from shipments t where order_id = any(${O}) order by created_at`,
      trackingEvents: sql`select to_jsonb(t) as row from tracking_events t where shipment_id in (select id from shipments where order_id = any(${O})) order by occurred_at`,
      returns: sql`select to_jsonb(t) as row from returns t where order_id = any(${O}) order by requested_at`,
      returnItems: sql`select to_jsonb(t) as row from return_items t where return_id in (select id from returns where order_id = any(${O})) order by created_at`,
      claims: sql`select to_jsonb(t) as row from claims t where order_id = any(${O}) order by created_at`,
      photos: sql`select to_jsonb(t) - 'data' as row from photos t
                  where order_id = any(${O}) or claim_id in (select id from claims where order_id = any(${O}))
                     or return_item_id in (select ri.id from return_items ri join returns r on r.id = ri.return_id where r.order_id = any(${O}))
                  order by created_at`,
      withdrawals: sql`select to_jsonb(t) as row from withdrawals t where order_id = any(${O}) or lower(email) = any(${E}) order by submitted_at`,
      cases: sql`select to_jsonb(t) as row from cases t where id = any(${C}) order by created_at`,
      caseMessages: sql`select to_jsonb(t) as row from case_messages t where case_id = any(${C}) order by created_at`,
      // The trail of their cases and orders, each change once (isTrailRow), in the columns the export always had.
      caseEvents: sql`select to_jsonb(t) as row from (
                        select id, case_id, order_id, actor_type, actor_id, type, data, occurred_at as created_at from domain_events
                        where (case_id = any(${C}) or order_id = any(${O})) and ${isTrailRow()}) t
                      order by id`,
      emails: sql`select to_jsonb(t) - 'sealed_secrets' as row from outbox t where order_id = any(${O}) or case_id = any(${C}) or lower(recipient) = any(${E}) order by created_at`,
      compensations: sql`select to_jsonb(t) as row from compensations t where order_id = any(${O}) order by created_at`,
      refunds: sql`select to_jsonb(t) as row from refunds t where order_id = any(${O}) order by created_at`,
      csat: sql`select to_jsonb(t) - 'token_hash' as row from csat_responses t where case_id = any(${C}) order by created_at`,
      csatOptOuts: sql`select to_jsonb(t) as row from csat_opt_outs t where lower(email) = any(${E})`,
      delayIncidents: sql`select to_jsonb(t) as row from delay_incidents t where shipment_id in (select id from shipments where order_id = any(${O})) order by opened_at`,
      notices: sql`select to_jsonb(t) - 'remedy_token_hash' as row from notices t where order_id = any(${O}) order by created_at`,
      trackingLinks: sql`select to_jsonb(t) - 'token_hash' as row from tracking_links t where order_id = any(${O}) order by created_at`,
    };
    const sections = {} as Record<ExportSection, ExportRow[]>;
    for (const section of EXPORT_SECTIONS) {
      sections[section] = (await tx.execute<{ row: ExportRow }>(queries[section])).map((r) => r.row);
    }
    const counts = Object.fromEntries(EXPORT_SECTIONS.map((k) => [k, sections[k].length]));
    await recordEvent(tx, { actor, type: 'privacy.exported', data: { subjectHash: hash, counts } });
    return { email, generatedAt: new Date().toISOString(), sections };
  });
}
