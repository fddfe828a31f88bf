CREATE TABLE "product_images" (
	"url_hash" varchar(64) PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"status" varchar(8) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"error" text,
	"fetched_at" timestamp with time zone,
	"sizes" jsonb,
	"small" "bytea",
	"large" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_images_status" CHECK ("product_images"."status" in ('pending', 'ok', 'failed')),
	CONSTRAINT "product_images_ok_has_bytes" CHECK ("product_images"."status" <> 'ok' or ("product_images"."small" is not null and "product_images"."large" is not null))
);
--> statement-breakpoint
CREATE INDEX "product_images_url_idx" ON "product_images" USING hash ("url");--> statement-breakpoint
CREATE INDEX "product_images_due_idx" ON "product_images" USING btree ("next_attempt_at") WHERE "product_images"."status" = 'pending';