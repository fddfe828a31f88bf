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
CREATE INDEX "report_case_days_day_idx" ON "report_case_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_csat_days_day_idx" ON "report_csat_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_delay_days_day_idx" ON "report_delay_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_refreshes_refreshed_at_idx" ON "report_refreshes" USING btree ("refreshed_at");--> statement-breakpoint
CREATE INDEX "report_return_days_dim_day_idx" ON "report_return_days" USING btree ("dim","day");--> statement-breakpoint
CREATE INDEX "report_revenue_days_day_idx" ON "report_revenue_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_sales_days_dim_day_idx" ON "report_sales_days" USING btree ("dim","day");