-- Issue #13: one event log. The audit trail (case_events) moves into domain_events with audience = 'audit';
-- subscribers, webhooks and the events API read only audience = 'public' (lib/core/events/read-events.ts).
-- case_events stays as a read-only VIEW over the audit rows, so its readers (privacy export, settings audit list,
-- tests) keep working. See docs/architecture.md, "Audit trail and event log".
CREATE TYPE "public"."event_audience" AS ENUM('public', 'audit');--> statement-breakpoint
ALTER TABLE "domain_events" ADD COLUMN "audience" "event_audience" DEFAULT 'public' NOT NULL;--> statement-breakpoint
-- The public readers' cursor indexes cover public rows only (audit rows are most of the table).
DROP INDEX "domain_events_cursor_idx";--> statement-breakpoint
DROP INDEX "domain_events_type_idx";--> statement-breakpoint
CREATE INDEX "domain_events_cursor_idx" ON "domain_events" USING btree ("tx_id","id") WHERE audience = 'public';--> statement-breakpoint
CREATE INDEX "domain_events_type_idx" ON "domain_events" USING btree ("type","tx_id","id") WHERE audience = 'public';--> statement-breakpoint
-- Subscribers are woken only by statements that write public events (an audit row is nothing for them to read).
CREATE OR REPLACE FUNCTION paluu_domain_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE audience = 'public') THEN
    PERFORM pg_notify('paluu_domain_events', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS domain_events_notify ON domain_events;
--> statement-breakpoint
CREATE TRIGGER domain_events_notify AFTER INSERT ON domain_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_domain_events_notify();
--> statement-breakpoint
-- The history, in id order: tx_id = 0 and audience = 'audit', so no subscriber cursor ever reads it as new. Every
-- audit row written from now on has tx_id = 0 too: the previous release's worker (rolling deploy, rollback) pages
-- the log by (tx_id, id) without knowing `audience`, and a row below its cursor is never sent as a webhook.
INSERT INTO domain_events (type, aggregate_type, aggregate_id, order_id, case_id, actor_type, actor_id, data, tx_id, occurred_at, audience)
SELECT type, left(split_part(type, '.', 1), 32), coalesce(case_id::text, order_id::text), order_id, case_id, actor_type, actor_id, data, 0, created_at, 'audit'
FROM case_events
ORDER BY id;
--> statement-breakpoint
-- contract: the previous release keeps working: it reads case_events through the view of the same name and columns below, and its inserts go through the view's INSTEAD OF INSERT trigger into domain_events as audit rows.
DROP TABLE "case_events";
--> statement-breakpoint
-- The old name, read-only in practice: same columns as the table had (created_at is occurred_at).
CREATE VIEW "case_events" AS
  SELECT id, case_id, order_id, actor_type, actor_id, type, data, occurred_at AS created_at
  FROM domain_events
  WHERE audience = 'audit';
--> statement-breakpoint
-- The previous release (rolling deploy, rollback) still inserts into case_events: its rows become audit rows
-- (never public events). New code writes through lib/audit only (lib/audit/catalog.test.ts fails on an insert here).
CREATE OR REPLACE FUNCTION paluu_case_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO domain_events (type, aggregate_type, aggregate_id, order_id, case_id, actor_type, actor_id, data, occurred_at, audience, tx_id)
  VALUES (NEW.type, left(split_part(NEW.type, '.', 1), 32), coalesce(NEW.case_id::text, NEW.order_id::text), NEW.order_id, NEW.case_id,
          NEW.actor_type, NEW.actor_id, coalesce(NEW.data, '{}'::jsonb), coalesce(NEW.created_at, now()), 'audit', 0)
  RETURNING id, occurred_at INTO NEW.id, NEW.created_at;
  NEW.data := coalesce(NEW.data, '{}'::jsonb);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_insert INSTEAD OF INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION paluu_case_events_insert();
--> statement-breakpoint
-- The rules the table had move with its rows. Append-only: only the privacy scrub (paluu.audit_rewrite = on) may
-- rewrite an audit row (paluu_case_events_append_only is 0001's function).
CREATE TRIGGER domain_events_audit_append_only
  BEFORE UPDATE ON domain_events
  FOR EACH ROW WHEN (OLD.audience = 'audit' OR NEW.audience = 'audit') EXECUTE FUNCTION paluu_case_events_append_only();
--> statement-breakpoint
-- Deleted with their case (was ON DELETE CASCADE on case_events.case_id). Public events keep today's rule (they go
-- with their order, domain_events.order_id), so this is a trigger, not a foreign key on every row.
CREATE OR REPLACE FUNCTION paluu_case_audit_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM domain_events d USING old_rows o WHERE d.case_id = o.id AND d.audience = 'audit';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cases_audit_cascade AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_case_audit_cascade();
--> statement-breakpoint
-- The staff desk's live updates (0022): an audit row of a case refreshes its open pages, as before.
CREATE TRIGGER domain_events_staff_live_ins AFTER INSERT ON domain_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_staff_live_changed('case_id');
--> statement-breakpoint
CREATE INDEX "domain_events_settings_idx" ON "domain_events" USING btree ("id") WHERE audience = 'audit' and type = 'settings.changed';
