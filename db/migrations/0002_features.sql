CREATE TABLE "csat_opt_outs" (
	"email" varchar(320) PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_polls" (
	"shipment_id" uuid PRIMARY KEY NOT NULL,
	"polled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "photos" DROP CONSTRAINT "photos_has_owner";--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "pickup_point" jsonb;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "pickup_deadline" date;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "carrier_eta" date;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "lines" jsonb;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "idempotency_key" varchar(100);--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "currency" varchar(3) DEFAULT 'EUR' NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "items_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "delivery_refund_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "idempotency_key" varchar(100);--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "queue_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "return_id" uuid;--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "shipment_id" uuid;--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "request_key" varchar(100);--> statement-breakpoint
ALTER TABLE "carrier_polls" ADD CONSTRAINT "carrier_polls_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carrier_polls_polled_at_idx" ON "carrier_polls" USING btree ("polled_at");--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_order_number_upper_idx" ON "orders" USING btree (upper("order_number"));--> statement-breakpoint
CREATE UNIQUE INDEX "claims_idempotency_key_key" ON "claims" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "photos_order_id_idx" ON "photos" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawals_idempotency_key_key" ON "withdrawals" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "cases_open_queue_idx" ON "cases" USING btree ("queue_at","id") WHERE "cases"."status" in ('open', 'waiting_customer', 'waiting_carrier');--> statement-breakpoint
CREATE INDEX "cases_open_assignee_queue_idx" ON "cases" USING btree ("assignee_id","queue_at","id") WHERE "cases"."status" in ('open', 'waiting_customer', 'waiting_carrier');--> statement-breakpoint
CREATE INDEX "cases_breaching_idx" ON "cases" USING btree ("sla_warn_at") WHERE "cases"."status" in ('open', 'waiting_customer', 'waiting_carrier') and "cases"."sla_paused_at" is null;--> statement-breakpoint
CREATE INDEX "cases_closed_queue_idx" ON "cases" USING btree ("updated_at","id") WHERE "cases"."status" in ('resolved', 'closed');--> statement-breakpoint
CREATE UNIQUE INDEX "compensations_request_key_key" ON "compensations" USING btree ("request_key");--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_has_owner" CHECK ("photos"."return_item_id" is not null or "photos"."claim_id" is not null or "photos"."order_id" is not null);--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_amounts_non_negative" CHECK ("withdrawals"."items_amount" >= 0 and "withdrawals"."delivery_refund_amount" >= 0);