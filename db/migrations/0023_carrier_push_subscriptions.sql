CREATE TABLE "carrier_push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"carrier" "carrier" NOT NULL,
	"scope_kind" varchar(20) NOT NULL,
	"scope_ref" varchar(100) NOT NULL,
	"shipment_id" uuid,
	"external_id" varchar(200),
	"callback_url" text,
	"secret_ref" varchar(100),
	"secret_fingerprint" varchar(16),
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone,
	"activation_sealed" text,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carrier_push_subscriptions" ADD CONSTRAINT "carrier_push_subscriptions_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_push_subscriptions_scope_uq" ON "carrier_push_subscriptions" USING btree ("carrier","scope_kind","scope_ref");--> statement-breakpoint
CREATE INDEX "carrier_push_subscriptions_due_idx" ON "carrier_push_subscriptions" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "carrier_push_subscriptions_external_idx" ON "carrier_push_subscriptions" USING btree ("carrier","external_id");