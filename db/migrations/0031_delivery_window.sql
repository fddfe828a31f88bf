ALTER TABLE "shipments" ADD COLUMN "predicted_from" date;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "predicted_to" date;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "predicted_hits" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "predicted_samples" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "predicted_basis" varchar(16);--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "first_estimate_by" date;--> statement-breakpoint
CREATE INDEX "shipments_promise_kept_idx" ON "shipments" USING btree ("delivered_at") WHERE "shipments"."first_estimate_by" is not null;