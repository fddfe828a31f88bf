ALTER TABLE "claims" ADD COLUMN "lines" jsonb;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "idempotency_key" varchar(100);--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "currency" varchar(3) DEFAULT 'EUR' NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "items_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "delivery_refund_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "idempotency_key" varchar(100);--> statement-breakpoint
CREATE UNIQUE INDEX "claims_idempotency_key_key" ON "claims" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawals_idempotency_key_key" ON "withdrawals" USING btree ("idempotency_key");--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_amounts_non_negative" CHECK ("withdrawals"."items_amount" >= 0 and "withdrawals"."delivery_refund_amount" >= 0);