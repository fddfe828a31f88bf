CREATE TABLE "carrier_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"return_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"purpose" varchar(16) DEFAULT 'return' NOT NULL,
	"reference" varchar(64) NOT NULL,
	"carrier" "carrier" NOT NULL,
	"state" varchar(16) NOT NULL,
	"booked_via" text,
	"tracking_number" text,
	"carrier_reference" text,
	"service" text,
	"label_source" text,
	"pdf" "bytea",
	"zpl" text,
	"printerless_code" text,
	"label_error" varchar(300),
	"apply_error" varchar(300),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"applied_at" timestamp with time zone,
	CONSTRAINT "carrier_bookings_state_known" CHECK ("carrier_bookings"."state" in ('calling', 'booked', 'uncertain', 'applied', 'abandoned')),
	CONSTRAINT "carrier_bookings_answer_has_number" CHECK ("carrier_bookings"."state" in ('calling', 'uncertain', 'abandoned') or "carrier_bookings"."tracking_number" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_bookings_open_uq" ON "carrier_bookings" USING btree ("return_id","purpose") WHERE "carrier_bookings"."state" in ('calling', 'booked', 'uncertain');