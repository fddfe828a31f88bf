CREATE TABLE "compensation_platform_codes" (
	"compensation_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"event_id" varchar(40) NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"external_id" varchar(100),
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compensation_platform_codes_status_known" CHECK ("compensation_platform_codes"."status" in ('pending', 'created', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "compensation_platform_codes" ADD CONSTRAINT "compensation_platform_codes_compensation_id_compensations_id_fk" FOREIGN KEY ("compensation_id") REFERENCES "public"."compensations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_platform_codes" ADD CONSTRAINT "compensation_platform_codes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_platform_codes" ADD CONSTRAINT "compensation_platform_codes_integration_id_platform_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."platform_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compensation_platform_codes_due_idx" ON "compensation_platform_codes" USING btree ("next_attempt_at") WHERE "compensation_platform_codes"."status" = 'pending';--> statement-breakpoint
-- The platform-codes subscriber starts at the end of the event log: a compensation issued before this migration
-- already has its code emailed and (store credit) its balance of ours; replaying it would create a second credit
-- on the shop's platform.
INSERT INTO "event_subscriptions" ("name", "cursor_tx_id", "cursor_id")
SELECT 'compensations.platform_codes', coalesce(max("tx_id"), 0), coalesce(max("id"), 0) FROM "domain_events"
ON CONFLICT ("name") DO NOTHING;
