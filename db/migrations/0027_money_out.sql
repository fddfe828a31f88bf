CREATE TYPE "public"."payout_batch_status" AS ENUM('open', 'exported', 'paid');--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "payout_batch_status" DEFAULT 'open' NOT NULL,
	"currency" varchar(3) NOT NULL,
	"message_id" varchar(35),
	"file_xml" text,
	"total_amount" integer,
	"exported_at" timestamp with time zone,
	"exported_by_staff_id" uuid,
	"paid_at" timestamp with time zone,
	"paid_by_staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"refund_id" uuid NOT NULL,
	"bank_account_id" uuid,
	"amount" integer NOT NULL,
	"currency" varchar(3) NOT NULL,
	"end_to_end_id" varchar(35) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_items_amount_positive" CHECK ("payout_items"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "refund_bank_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"return_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"holder_sealed" text NOT NULL,
	"iban_sealed" text NOT NULL,
	"bic_sealed" text,
	"iban_masked" varchar(48) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_credit_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_credit_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"currency" varchar(3) NOT NULL,
	"order_number" varchar(64),
	"api_key_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_credit_redemptions_amount_positive" CHECK ("store_credit_redemptions"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "store_credits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(64) NOT NULL,
	"compensation_id" uuid,
	"order_id" uuid,
	"issued_amount" integer NOT NULL,
	"redeemed_amount" integer DEFAULT 0 NOT NULL,
	"currency" varchar(3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_credits_issued_positive" CHECK ("store_credits"."issued_amount" > 0),
	CONSTRAINT "store_credits_balance_never_negative" CHECK ("store_credits"."redeemed_amount" >= 0 and "store_credits"."redeemed_amount" <= "store_credits"."issued_amount")
);
--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_exported_by_staff_id_staff_users_id_fk" FOREIGN KEY ("exported_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_paid_by_staff_id_staff_users_id_fk" FOREIGN KEY ("paid_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_items" ADD CONSTRAINT "payout_items_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_items" ADD CONSTRAINT "payout_items_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_items" ADD CONSTRAINT "payout_items_bank_account_id_refund_bank_accounts_id_fk" FOREIGN KEY ("bank_account_id") REFERENCES "public"."refund_bank_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_bank_accounts" ADD CONSTRAINT "refund_bank_accounts_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_bank_accounts" ADD CONSTRAINT "refund_bank_accounts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_credit_redemptions" ADD CONSTRAINT "store_credit_redemptions_store_credit_id_store_credits_id_fk" FOREIGN KEY ("store_credit_id") REFERENCES "public"."store_credits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_credits" ADD CONSTRAINT "store_credits_compensation_id_compensations_id_fk" FOREIGN KEY ("compensation_id") REFERENCES "public"."compensations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_credits" ADD CONSTRAINT "store_credits_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_one_open_per_currency" ON "payout_batches" USING btree ("currency") WHERE "payout_batches"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_message_id_uq" ON "payout_batches" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_items_refund_uq" ON "payout_items" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "payout_items_batch_idx" ON "payout_items" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refund_bank_accounts_return_uq" ON "refund_bank_accounts" USING btree ("return_id");--> statement-breakpoint
CREATE INDEX "refund_bank_accounts_order_idx" ON "refund_bank_accounts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "store_credit_redemptions_credit_idx" ON "store_credit_redemptions" USING btree ("store_credit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "store_credits_code_uq" ON "store_credits" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "store_credits_compensation_uq" ON "store_credits" USING btree ("compensation_id");