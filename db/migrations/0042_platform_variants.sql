CREATE TABLE "platform_variants" (
	"variant_id" uuid PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"external_product_id" varchar(100) NOT NULL,
	"external_id" varchar(100) NOT NULL,
	"inventory_item_id" varchar(100),
	"platform_updated_at" timestamp with time zone NOT NULL,
	"inventory_levels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "discontinued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "platform_variants" ADD CONSTRAINT "platform_variants_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_variants" ADD CONSTRAINT "platform_variants_integration_id_platform_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."platform_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_variants_integration_external_key" ON "platform_variants" USING btree ("integration_id","external_id");--> statement-breakpoint
CREATE INDEX "platform_variants_product_idx" ON "platform_variants" USING btree ("integration_id","external_product_id");--> statement-breakpoint
CREATE INDEX "platform_variants_inventory_item_idx" ON "platform_variants" USING btree ("integration_id","inventory_item_id");