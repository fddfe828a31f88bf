CREATE TABLE "automation_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(120) NOT NULL,
	"trigger" varchar(40) NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by_staff_id" uuid,
	"updated_by_staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automation_rules_trigger_known" CHECK ("automation_rules"."trigger" in ('case_opened', 'case_updated', 'customer_replied', 'claim_created', 'delay_detected'))
);
--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "languages" "locale"[] DEFAULT '{}'::locale[] NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "last_auto_assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "auto_close_after_days" smallint;--> statement-breakpoint
ALTER TABLE "automation_rules" ADD CONSTRAINT "automation_rules_created_by_staff_id_staff_users_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_rules" ADD CONSTRAINT "automation_rules_updated_by_staff_id_staff_users_id_fk" FOREIGN KEY ("updated_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automation_rules_trigger_idx" ON "automation_rules" USING btree ("trigger","position") WHERE "automation_rules"."enabled";--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_capacity_range" CHECK ("staff_users"."capacity" is null or "staff_users"."capacity" between 0 and 1000);--> statement-breakpoint
-- The automation subscriber starts at the end of the event log: there were no rules before this migration, so
-- replaying history would only cost time (and could act on old open cases if a rule were created mid-replay).
INSERT INTO "event_subscriptions" ("name", "cursor_tx_id", "cursor_id")
SELECT 'automation.rules', coalesce(max("tx_id"), 0), coalesce(max("id"), 0) FROM "domain_events"
ON CONFLICT ("name") DO NOTHING;
