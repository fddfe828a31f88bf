ALTER TABLE "order_lines" ADD COLUMN "external_id" varchar(100);--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_id" varchar(100);