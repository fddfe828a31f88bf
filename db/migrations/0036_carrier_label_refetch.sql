ALTER TABLE "carrier_labels" ADD COLUMN "label_source" text;--> statement-breakpoint
ALTER TABLE "carrier_labels" ADD COLUMN "fetch_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_labels" ADD COLUMN "fetch_next_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carrier_labels" ADD COLUMN "fetch_attempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carrier_labels" ADD COLUMN "fetch_error" varchar(300);