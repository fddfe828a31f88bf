CREATE TABLE "carrier_labels" (
	"shipment_id" uuid PRIMARY KEY NOT NULL,
	"booked_via" varchar(32) NOT NULL,
	"carrier_reference" varchar(128),
	"pdf" "bytea",
	"zpl" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carrier_labels" ADD CONSTRAINT "carrier_labels_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;