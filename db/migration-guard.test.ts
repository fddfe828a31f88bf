import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractViolations, migrationsSinceRelease } from './migration-guard';

const rulesOf = (sql: string) => contractViolations(sql).map((v) => v.rule.split(' (')[0]);

describe('the contract-step guard (expand → migrate → contract)', () => {
  it('passes every migration added since the previous release (release.json), or names what breaks the previous build', () => {
    const added = migrationsSinceRelease();
    const offending = added.map((m) => ({ tag: m.tag, violations: contractViolations(m.sql) })).filter((m) => m.violations.length > 0);
    // A failure here: make the migration an expand step (nullable or defaulted column, new table, new name
    // next to the old), or, once the previous release no longer uses what it removes, say so in the
    // migration with `-- contract: <why it is safe>` (docs/operations.md, "Releases").
    expect(offending).toEqual([]);
  });

  it('refuses each destructive statement of a bad migration', () => {
    const bad = `
      ALTER TABLE "orders" DROP COLUMN "phone";--> statement-breakpoint
      DROP TABLE "legacy_notes" CASCADE;--> statement-breakpoint
      ALTER TABLE "cases" RENAME COLUMN "subject" TO "title";--> statement-breakpoint
      ALTER TABLE "returns" RENAME TO "rmas";--> statement-breakpoint
      ALTER TABLE "shipments" ALTER COLUMN "carrier" SET NOT NULL;--> statement-breakpoint
      ALTER TABLE "orders" ADD COLUMN "channel" varchar(20) NOT NULL;--> statement-breakpoint
      ALTER TABLE "orders" ALTER COLUMN "total" SET DATA TYPE bigint;--> statement-breakpoint
      ALTER TABLE orders ALTER COLUMN currency TYPE text;
      ALTER TYPE "case_status" RENAME VALUE 'open' TO 'new';
      DROP TYPE "old_status";`;
    expect(rulesOf(bad)).toEqual([
      'DROP COLUMN',
      'DROP TABLE',
      'RENAME',
      'RENAME',
      'SET NOT NULL without a default',
      'ADD COLUMN … NOT NULL without a default',
      'ALTER COLUMN … TYPE',
      'ALTER COLUMN … TYPE',
      'RENAME',
      'DROP TYPE / DROP VIEW / DROP SCHEMA',
    ]);
  });

  it('lets expand steps through: new tables, nullable or defaulted columns, indexes, relaxed constraints', () => {
    const good = `
      -- A comment that mentions DROP TABLE orders is not a statement.
      CREATE TABLE "gift_notes" ("id" uuid PRIMARY KEY, "body" text NOT NULL);--> statement-breakpoint
      ALTER TABLE "orders" ADD COLUMN "gift_note_id" uuid;--> statement-breakpoint
      ALTER TABLE "orders" ADD COLUMN "channel" varchar(20) DEFAULT 'web' NOT NULL;--> statement-breakpoint
      ALTER TABLE "orders" ALTER COLUMN "phone" DROP NOT NULL;--> statement-breakpoint
      ALTER TABLE "orders" ALTER COLUMN "note" DROP DEFAULT;--> statement-breakpoint
      ALTER TABLE "orders" DROP CONSTRAINT "orders_phone_check";--> statement-breakpoint
      ALTER TABLE "cases" ALTER COLUMN "priority" SET DEFAULT 'normal';--> statement-breakpoint
      ALTER TABLE "cases" ALTER COLUMN "priority" SET NOT NULL;--> statement-breakpoint
      CREATE INDEX "orders_channel_idx" ON "orders" ("channel");--> statement-breakpoint
      UPDATE orders SET note = 'DROP TABLE x' WHERE note IS NULL;--> statement-breakpoint
      CREATE OR REPLACE FUNCTION tidy() RETURNS void AS $$ BEGIN DROP TABLE IF EXISTS scratch; END; $$ LANGUAGE plpgsql;`;
    expect(contractViolations(good)).toEqual([]);
  });

  it('lets a contract step through only with a marker that says why it is safe', () => {
    const drop = 'ALTER TABLE "orders" DROP COLUMN "legacy_phone";';
    expect(rulesOf(`-- contract: release 2026.12 stopped reading orders.legacy_phone\n${drop}`)).toEqual([]);
    expect(rulesOf(`-- contract:\n${drop}`)).toEqual(['DROP COLUMN']); // no reason given
    expect(rulesOf(`-- expand: nothing to see\n${drop}`)).toEqual(['DROP COLUMN']);
  });

  it('finds the real contract step of history: 0010_delay_episodes made episode_id NOT NULL', () => {
    const sql = readFileSync(path.join(process.cwd(), 'db', 'migrations', '0010_delay_episodes.sql'), 'utf8');
    expect(contractViolations(sql).map((v) => v.statement)).toEqual([
      'ALTER TABLE delay_incidents ALTER COLUMN episode_id SET NOT NULL',
      'ALTER TABLE notices ALTER COLUMN episode_id SET NOT NULL',
    ]);
  });
});
