ALTER TABLE "staff_users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "queue_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_open_queue_idx" ON "cases" USING btree ("queue_at","id") WHERE "cases"."status" in ('open', 'waiting_customer', 'waiting_carrier');--> statement-breakpoint
CREATE INDEX "cases_open_assignee_queue_idx" ON "cases" USING btree ("assignee_id","queue_at","id") WHERE "cases"."status" in ('open', 'waiting_customer', 'waiting_carrier');--> statement-breakpoint
CREATE INDEX "cases_breaching_idx" ON "cases" USING btree ("sla_warn_at") WHERE "cases"."status" in ('open', 'waiting_customer', 'waiting_carrier') and "cases"."sla_paused_at" is null;--> statement-breakpoint
CREATE INDEX "cases_closed_queue_idx" ON "cases" USING btree ("updated_at","id") WHERE "cases"."status" in ('resolved', 'closed');