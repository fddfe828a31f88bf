CREATE TABLE "csat_opt_outs" (
	"email" varchar(320) PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "return_id" uuid;--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "shipment_id" uuid;--> statement-breakpoint
ALTER TABLE "compensations" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE set null ON UPDATE no action;