ALTER TABLE "return_policies" ADD COLUMN "ship_exchange_now" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "ship_now_charge_after_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "return_policies" ADD COLUMN "ship_now_max_order_value" integer;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "ship_now" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "ship_now_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "ship_now_overdue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "return_policies" ADD CONSTRAINT "return_policies_ship_now_days_range" CHECK ("return_policies"."ship_now_charge_after_days" between 1 and 90);--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_ship_now_has_deadline" CHECK (not "returns"."ship_now" or "returns"."ship_now_deadline" is not null);