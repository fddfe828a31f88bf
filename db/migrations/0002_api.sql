ALTER TABLE "tracking_events" ADD COLUMN "pickup_point" jsonb;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "pickup_deadline" date;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "carrier_eta" date;