ALTER TABLE "photos" DROP CONSTRAINT "photos_has_owner";--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "photos_order_id_idx" ON "photos" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_has_owner" CHECK ("photos"."return_item_id" is not null or "photos"."claim_id" is not null or "photos"."order_id" is not null);