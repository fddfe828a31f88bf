ALTER TABLE "compensations" ADD COLUMN "request_key" varchar(100);--> statement-breakpoint
CREATE UNIQUE INDEX "compensations_request_key_key" ON "compensations" USING btree ("request_key");