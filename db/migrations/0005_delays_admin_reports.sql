CREATE TABLE "staff_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_user_id" uuid NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by_staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_case_days" (
	"day" date NOT NULL,
	"type" varchar(32) NOT NULL,
	"cases" integer NOT NULL,
	"responded" integer NOT NULL,
	"responded_in_sla" integer NOT NULL,
	"response_seconds" bigint NOT NULL,
	"response_within_1h" integer NOT NULL,
	"response_within_4h" integer NOT NULL,
	"response_within_8h" integer NOT NULL,
	"response_within_24h" integer NOT NULL,
	"response_later" integer NOT NULL,
	"resolved" integer NOT NULL,
	"resolved_in_sla" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_csat_days" (
	"day" date NOT NULL,
	"agent_id" uuid,
	"sent" integer NOT NULL,
	"answers" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"satisfied" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_delay_days" (
	"day" date NOT NULL,
	"carrier" varchar(32) NOT NULL,
	"kind" varchar(32) NOT NULL,
	"incidents" integer NOT NULL,
	"escalated" integer NOT NULL,
	"dismissed" integer NOT NULL,
	"notices" integer NOT NULL,
	"notices_sent" integer NOT NULL,
	"remedies_chosen" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_refreshes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"time_zone" varchar(64) NOT NULL,
	"duration_ms" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_return_days" (
	"dim" varchar(16) NOT NULL,
	"day" date NOT NULL,
	"key" varchar(100) NOT NULL,
	"resolution" varchar(16) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"units" integer NOT NULL,
	"amount" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_revenue_days" (
	"day" date NOT NULL,
	"market" varchar(2) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"orders" integer NOT NULL,
	"captured" bigint NOT NULL,
	"refunded" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_sales_days" (
	"dim" varchar(16) NOT NULL,
	"day" date NOT NULL,
	"key" varchar(100) NOT NULL,
	"title" varchar(300) NOT NULL,
	"units" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_view_hours" (
	"hour" timestamp with time zone NOT NULL,
	"views" bigint NOT NULL,
	CONSTRAINT "tracking_view_hours_hour_pk" PRIMARY KEY("hour")
);
--> statement-breakpoint
DROP INDEX "delay_incidents_one_open_key";--> statement-breakpoint
ALTER TABLE "delay_incidents" ALTER COLUMN "shipment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "order_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "closed_reason" varchar(32);--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_invites" ADD CONSTRAINT "staff_invites_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invites" ADD CONSTRAINT "staff_invites_created_by_staff_id_staff_users_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invites_token_hash_key" ON "staff_invites" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "staff_invites_staff_user_id_idx" ON "staff_invites" USING btree ("staff_user_id");--> statement-breakpoint
CREATE INDEX "report_case_days_day_idx" ON "report_case_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_csat_days_day_idx" ON "report_csat_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_delay_days_day_idx" ON "report_delay_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_refreshes_refreshed_at_idx" ON "report_refreshes" USING btree ("refreshed_at");--> statement-breakpoint
CREATE INDEX "report_return_days_dim_day_idx" ON "report_return_days" USING btree ("dim","day");--> statement-breakpoint
CREATE INDEX "report_revenue_days_day_idx" ON "report_revenue_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_sales_days_dim_day_idx" ON "report_sales_days" USING btree ("dim","day");--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD CONSTRAINT "delay_incidents_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_settings_idx" ON "case_events" USING btree ("id") WHERE "case_events"."type" = 'settings.changed';--> statement-breakpoint
CREATE INDEX "delay_incidents_shipment_idx" ON "delay_incidents" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "delay_incidents_order_idx" ON "delay_incidents" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delay_incidents_one_open_key" ON "delay_incidents" USING btree (coalesce("shipment_id", "order_id"),"kind") WHERE "delay_incidents"."resolved_at" is null;