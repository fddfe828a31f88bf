CREATE TABLE "exchange_platform_orders" (
	"return_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"event_id" varchar(40) NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"external_id" varchar(100),
	"external_name" varchar(100),
	"admin_url" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_platform_orders_status_known" CHECK ("exchange_platform_orders"."status" in ('pending', 'created', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "exchange_platform_orders" ADD CONSTRAINT "exchange_platform_orders_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_platform_orders" ADD CONSTRAINT "exchange_platform_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_platform_orders" ADD CONSTRAINT "exchange_platform_orders_integration_id_platform_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."platform_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_platform_orders_integration_external_key" ON "exchange_platform_orders" USING btree ("integration_id","external_id");--> statement-breakpoint
CREATE INDEX "exchange_platform_orders_due_idx" ON "exchange_platform_orders" USING btree ("next_attempt_at") WHERE "exchange_platform_orders"."status" = 'pending';