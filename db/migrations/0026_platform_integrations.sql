CREATE TABLE "platform_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform" varchar(32) NOT NULL,
	"domain" varchar(255) NOT NULL,
	"display_name" varchar(255) NOT NULL,
	"credentials_sealed" text NOT NULL,
	"webhook_secret_sealed" text NOT NULL,
	"last_backfill_at" timestamp with time zone,
	"last_backfill_result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_integrations_platform_known" CHECK ("platform_integrations"."platform" in ('shopify'))
);
--> statement-breakpoint
CREATE TABLE "platform_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"external_id" varchar(100) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_refunds" (
	"integration_id" uuid NOT NULL,
	"external_id" varchar(100) NOT NULL,
	"refund_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_refunds_integration_id_external_id_pk" PRIMARY KEY("integration_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "platform_webhook_receipts" (
	"integration_id" uuid NOT NULL,
	"webhook_id" varchar(255) NOT NULL,
	"topic" varchar(100) NOT NULL,
	"outcome" varchar(32) NOT NULL,
	"detail" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_webhook_receipts_integration_id_webhook_id_pk" PRIMARY KEY("integration_id","webhook_id")
);
--> statement-breakpoint
ALTER TABLE "platform_orders" ADD CONSTRAINT "platform_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_orders" ADD CONSTRAINT "platform_orders_integration_id_platform_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."platform_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_refunds" ADD CONSTRAINT "platform_refunds_integration_id_platform_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."platform_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_refunds" ADD CONSTRAINT "platform_refunds_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_webhook_receipts" ADD CONSTRAINT "platform_webhook_receipts_integration_id_platform_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."platform_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_integrations_platform_domain_key" ON "platform_integrations" USING btree ("platform",lower("domain"));--> statement-breakpoint
CREATE UNIQUE INDEX "platform_orders_integration_external_key" ON "platform_orders" USING btree ("integration_id","external_id");--> statement-breakpoint
CREATE INDEX "platform_webhook_receipts_received_at_idx" ON "platform_webhook_receipts" USING btree ("received_at");