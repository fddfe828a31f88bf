import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import { testDb } from '@/test/db';
import { inRollback } from '@/test/rollback';

const migration = readFileSync(path.join(process.cwd(), 'db/migrations/0007_normalize_tracking_numbers.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .map((statement) => statement.trim())
  .filter(Boolean);

describe('migration 0007: tracking numbers written before the rule', () => {
  it('normalizes old spellings like the API does, keeps the unique index, and leaves a taken spelling as it was', async () => {
    const rows = await inRollback(testDb(), async (tx) => {
      // Temporary tables shadow the real ones for the migration's unqualified names (pg_temp comes first), with the
      // same columns, defaults and unique index, so the test owns every row and other test files see nothing.
      await tx.execute(sql`create temp table shipments (like public.shipments including all) on commit drop`);
      await tx.execute(sql`create temp table tracking_events (like public.tracking_events including all) on commit drop`);
      const order = '00000000-0000-4000-8000-000000000001';
      const rows: Array<[string, string, string]> = [
        ['posti', 'jjfi 100', '2026-01-01T00:00:00Z'], // free → JJFI100
        ['posti', 'JJFI200', '2026-01-01T00:00:00Z'], // already right
        ['posti', 'jjfi200', '2026-01-02T00:00:00Z'], // JJFI200 is taken → kept
        ['posti', 'jjfi 300', '2026-01-01T00:00:00Z'], // two old spellings of one number: the older is normalized…
        ['posti', 'JJFI-300', '2026-01-02T00:00:00Z'], // …the newer kept
        ['budbee', 'jjfi 100', '2026-01-01T00:00:00Z'], // another carrier: its own number
      ];
      for (const [carrier, trackingNumber, createdAt] of rows) {
        await tx.execute(sql`insert into shipments (order_id, carrier, tracking_number, created_at) values (${order}, ${carrier}, ${trackingNumber}, ${createdAt})`);
      }
      await tx.execute(sql`insert into tracking_events (carrier, tracking_number, status, occurred_at, source, dedupe_key)
        values ('posti', ' jjfi (00) 1-00 ', 'in_transit', now(), 'api', 'k1'), ('posti', '---', 'in_transit', now(), 'api', 'k2')`);
      for (const statement of migration) await tx.execute(sql.raw(statement));
      const shipments = await tx.execute<{ carrier: string; tracking_number: string }>(sql`select carrier, tracking_number from shipments`);
      const events = await tx.execute<{ tracking_number: string }>(sql`select tracking_number from tracking_events order by dedupe_key`);
      return { shipments: [...shipments].map((r) => `${r.carrier}:${r.tracking_number}`), events: [...events].map((r) => r.tracking_number) };
    });
    expect([...rows.shipments].sort()).toEqual(['posti:JJFI100', 'posti:JJFI200', 'posti:jjfi200', 'posti:JJFI300', 'posti:JJFI-300', 'budbee:JJFI100'].sort());
    // The database's rule is the application's rule.
    expect(rows.events).toEqual([normalizeTrackingNumber(' jjfi (00) 1-00 '), '---']);
  });
});

