import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as schema from '@/db/schema';
import { caseAttachments, caseMessages, photos, returnItems, returnPolicies, returns, shipments, teams, trackingEvents } from '@/db/schema';
import type { DbOrTx } from '@/db';
import { getReturnLabelState } from '@/lib/labels/queries';
import { reasonLeaves } from '@/lib/returns/policy';
import { getStaffReturn } from '@/lib/returns/staff/queries';
import { testDb, uniqueId } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { ensureReturnPolicy } from '@/test/return-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { eq } from 'drizzle-orm';
import { getCaseDetail, getCasePage } from './case-detail';

const db = testDb();

// A client that writes down every statement it sends, as the page's database connection would see them.
const statements: string[] = [];
const client = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {}, types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } } });
const countingDb = drizzle({ client, schema, casing: 'snake_case', logger: { logQuery: (query) => statements.push(query) } }) as unknown as DbOrTx;
afterAll(() => client.end({ timeout: 5 }));

describe('the staff case page in one statement', () => {
  it('reads the case, its order, parcels with scans, return items with photos, messages with files, the teams and the reason labels at once', async () => {
    await ensureReturnPolicy(db);
    const staff = await createStaff(db);
    const r = await createRequestedReturn(db);
    const [parcel] = await db.select().from(shipments).where(eq(shipments.orderId, r.orderId));
    const occurredAt = new Date('2026-12-01T10:15:30.123Z');
    const [scan] = await db
      .insert(trackingEvents)
      .values({ shipmentId: parcel!.id, carrier: 'posti', trackingNumber: parcel!.trackingNumber, status: 'delivered', description: 'Delivered to the mailbox', location: 'Helsinki', occurredAt, source: 'webhook', dedupeKey: uniqueId('scan') })
      .returning();
    const [photo] = await db.insert(photos).values({ orderId: r.orderId, returnItemId: r.items[0]!.id, contentType: 'image/webp', width: 10, height: 10, sizeBytes: 3, data: Buffer.from('abc') }).returning();
    const [message] = await db.insert(caseMessages).values({ caseId: r.caseId, kind: 'customer_message', body: 'The sleeves are too short' }).returning();
    const [file] = await db.insert(caseAttachments).values({ caseId: r.caseId, caseMessageId: message!.id, filename: 'receipt.exe', contentType: 'application/octet-stream', sizeBytes: 2048, rejected: 'unsupported_type' }).returning();
    const [team] = await db.insert(teams).values({ name: uniqueId('Returns team') }).returning();
    const [returnRow] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    const [item] = await db.select().from(returnItems).where(eq(returnItems.id, r.items[0]!.id));

    statements.length = 0;
    const page = await getCasePage({ db: countingDb, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, r.caseId);
    expect(statements).toHaveLength(1);

    const { detail } = page;
    expect(detail.case.number).toBe(r.caseNumber);
    expect(detail.order?.lines.map((l) => l.title)).toEqual(['Test shirt 1']);
    expect(detail.parcels.find((p) => p.id === parcel!.id)?.events).toEqual([
      { id: scan!.id, status: 'delivered', description: 'Delivered to the mailbox', location: 'Helsinki', occurredAt: '2026-12-01T10:15:30.123Z' },
    ]);
    expect(detail.parcels.find((p) => p.id === parcel!.id)?.deliveredAt).toBe(parcel!.deliveredAt!.toISOString());
    expect(detail.returns).toEqual([
      {
        id: r.returnId,
        rmaNumber: r.rma,
        status: 'requested',
        method: 'drop_off',
        requestedAt: returnRow!.requestedAt.toISOString(),
        items: [{ id: item!.id, returnId: r.returnId, quantity: 1, reasonCode: 'too_small', comment: null, resolution: 'refund', title: 'Test shirt 1', photoIds: [photo!.id] }],
      },
    ]);
    expect(detail.messages).toEqual([
      {
        id: message!.id,
        kind: 'customer_message',
        body: 'The sleeves are too short',
        createdAt: message!.createdAt.toISOString(),
        author: null,
        attachments: [{ id: file!.id, filename: 'receipt.exe', contentType: 'application/octet-stream', sizeBytes: 2048, rejected: 'unsupported_type' }],
      },
    ]);
    expect(detail.events.map((e) => e.type)).toContain('return.requested');
    expect(detail.staff.map((s) => s.id)).toContain(staff.id);
    expect(page.teams).toContainEqual({ id: team!.id, name: team!.name });
    // The active policy's reason tree comes along, so the return items' reasons read as words.
    const [policy] = await db.select({ reasons: returnPolicies.reasons }).from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1);
    expect(page.reasonTree).toEqual(policy!.reasons);
    const labels = new Map(reasonLeaves(page.reasonTree).map((l) => [l.code, l.labels]));
    expect(labels.get('too_small')?.en).toMatch(/\w/);

    // The detail alone is the same data.
    expect(await getCaseDetail({ db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, r.caseId)).toEqual(detail);
  });

  it('the return panel reads its return in one statement, and a return without a label has no label links', async () => {
    const r = await createRequestedReturn(db, { items: [{ quantity: 1 }, { quantity: 2, resolution: 'store_credit' }] });
    statements.length = 0;
    const panel = await getStaffReturn(countingDb, r.returnId);
    expect(statements).toHaveLength(1);
    expect(panel).toMatchObject({ id: r.returnId, rma: r.rma, status: 'requested', caseId: r.caseId, caseNumber: r.caseNumber, exchangeParcel: null, platformOrder: null, openBooking: null });
    expect(panel!.items.map((i) => [i.id, i.quantity, i.resolution])).toEqual([
      [r.items[0]!.id, 1, 'refund'],
      [r.items[1]!.id, 2, 'store_credit'],
    ]);
    expect(await getReturnLabelState(db, r.returnId)).toBeNull();
  });
});
