-- Tells every app server which orders' cached tracking pages went stale (lib/tracking/page-cache.ts).
-- One NOTIFY per changed order per statement on channel 'paluu_page_cache'; '*' when the change touches
-- every page (settings, return policy) or too many orders to list. Statement-level with transition
-- tables, so a bulk insert costs one trigger call, not one per row. PostgreSQL folds identical
-- notifications within a transaction into one.
CREATE OR REPLACE FUNCTION paluu_page_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  via text := TG_ARGV[0];
  changed text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
  n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %I', changed) INTO n;
  IF n = 0 THEN
    RETURN NULL;
  ELSIF via = 'all' OR n > 1000 THEN
    PERFORM pg_notify('paluu_page_cache', '*');
  ELSIF via = 'shipment_id' THEN
    EXECUTE format('SELECT count(pg_notify(''paluu_page_cache'', s.order_id::text)) FROM shipments s WHERE s.id IN (SELECT shipment_id FROM %I)', changed);
  ELSE
    EXECUTE format('SELECT count(pg_notify(''paluu_page_cache'', x.o::text)) FROM (SELECT DISTINCT %I AS o FROM %I WHERE %I IS NOT NULL) x', via, changed, via);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('orders', 'id'), ('order_lines', 'order_id'), ('shipments', 'order_id'), ('shipment_lines', 'shipment_id'),
    ('tracking_events', 'shipment_id'), ('tracking_links', 'order_id'), ('returns', 'order_id'), ('claims', 'order_id'),
    ('withdrawals', 'order_id'), ('notices', 'order_id'), ('delay_incidents', 'shipment_id'),
    ('settings', 'all'), ('return_policies', 'all')
  ) AS v(tbl, via) LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.tbl || '_page_cache_ins', t.tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.tbl || '_page_cache_upd', t.tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.tbl || '_page_cache_del', t.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_page_cache_changed(%L)', t.tbl || '_page_cache_ins', t.tbl, t.via);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_page_cache_changed(%L)', t.tbl || '_page_cache_upd', t.tbl, t.via);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_page_cache_changed(%L)', t.tbl || '_page_cache_del', t.tbl, t.via);
  END LOOP;
END
$$;
