DROP INDEX "delay_incidents_one_open_key";--> statement-breakpoint
ALTER TABLE "delay_incidents" ALTER COLUMN "shipment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "order_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "closed_reason" varchar(32);--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD CONSTRAINT "delay_incidents_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delay_incidents_shipment_idx" ON "delay_incidents" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "delay_incidents_order_idx" ON "delay_incidents" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delay_incidents_one_open_key" ON "delay_incidents" USING btree (coalesce("shipment_id", "order_id"),"kind") WHERE "delay_incidents"."resolved_at" is null;