-- Wakes the workers' webhook dispatchers at commit (lib/webhooks/dispatch-webhooks.ts); one NOTIFY per statement.
CREATE OR REPLACE FUNCTION paluu_webhook_deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('paluu_webhook_deliveries', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_notify AFTER INSERT ON webhook_deliveries FOR EACH STATEMENT EXECUTE FUNCTION paluu_webhook_deliveries_notify();
