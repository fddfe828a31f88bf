CREATE TABLE "domain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" varchar(64) NOT NULL,
	"aggregate_type" varchar(32) NOT NULL,
	"aggregate_id" varchar(100),
	"order_id" uuid,
	"case_id" uuid,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" varchar(100),
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tx_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_subscriptions" (
	"name" varchar(64) PRIMARY KEY NOT NULL,
	"cursor_tx_id" bigint DEFAULT 0 NOT NULL,
	"cursor_id" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"failing_event_id" bigint,
	"failed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "domain_events" ADD CONSTRAINT "domain_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "domain_events_event_id_key" ON "domain_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "domain_events_cursor_idx" ON "domain_events" USING btree ("tx_id","id");--> statement-breakpoint
CREATE INDEX "domain_events_type_idx" ON "domain_events" USING btree ("type","tx_id","id");--> statement-breakpoint
CREATE INDEX "domain_events_order_idx" ON "domain_events" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "domain_events_case_idx" ON "domain_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "domain_events_occurred_at_idx" ON "domain_events" USING btree ("occurred_at");--> statement-breakpoint
-- Wakes the workers' event subscribers at commit (lib/core/events/subscriber.ts); one NOTIFY per statement.
CREATE OR REPLACE FUNCTION paluu_domain_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('paluu_domain_events', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER domain_events_notify AFTER INSERT ON domain_events FOR EACH STATEMENT EXECUTE FUNCTION paluu_domain_events_notify();
