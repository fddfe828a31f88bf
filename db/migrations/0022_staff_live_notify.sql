-- The staff desk's live updates (lib/cases/live-hub.ts): every web server LISTENs on 'paluu_staff_live' and
-- tells the open case pages and queues of its agents to refresh. One NOTIFY 'c:<case id>' per changed case per
-- statement (a message, a reply, a note, an audit event, a field change); 'c:*' when a statement touches more
-- than 200 cases. Statement-level with transition tables like 0003's page cache triggers; PostgreSQL folds
-- identical notifications within a transaction into one, and sends them only at commit.
CREATE OR REPLACE FUNCTION paluu_staff_live_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  via text := TG_ARGV[0];
  n bigint;
BEGIN
  SELECT count(*) INTO n FROM new_rows;
  IF n = 0 THEN
    RETURN NULL;
  ELSIF n > 200 THEN
    PERFORM pg_notify('paluu_staff_live', 'c:*');
  ELSIF via = 'id' THEN
    PERFORM pg_notify('paluu_staff_live', 'c:' || x.id::text) FROM (SELECT DISTINCT id FROM new_rows) x;
  ELSE
    PERFORM pg_notify('paluu_staff_live', 'c:' || x.case_id::text) FROM (SELECT DISTINCT case_id FROM new_rows WHERE case_id IS NOT NULL) x;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS cases_staff_live_ins ON cases;
--> statement-breakpoint
CREATE TRIGGER cases_staff_live_ins AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_staff_live_changed('id');
--> statement-breakpoint
DROP TRIGGER IF EXISTS cases_staff_live_upd ON cases;
--> statement-breakpoint
CREATE TRIGGER cases_staff_live_upd AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_staff_live_changed('id');
--> statement-breakpoint
DROP TRIGGER IF EXISTS case_messages_staff_live_ins ON case_messages;
--> statement-breakpoint
CREATE TRIGGER case_messages_staff_live_ins AFTER INSERT ON case_messages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_staff_live_changed('case_id');
--> statement-breakpoint
DROP TRIGGER IF EXISTS case_events_staff_live_ins ON case_events;
--> statement-breakpoint
CREATE TRIGGER case_events_staff_live_ins AFTER INSERT ON case_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_staff_live_changed('case_id');
