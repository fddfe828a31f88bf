CREATE TABLE "staff_login_throttle" (
	"account" varchar(320) NOT NULL,
	"source" varchar(64) NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	"notice_sent_at" timestamp with time zone,
	CONSTRAINT "staff_login_throttle_pkey" PRIMARY KEY("account","source")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "audience" varchar(16) DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "sealed_secrets" text;--> statement-breakpoint
CREATE INDEX "staff_login_throttle_last_failed_at_idx" ON "staff_login_throttle" USING btree ("last_failed_at");--> statement-breakpoint
-- Mail to staff members (invitations) is for admins only from now on.
UPDATE "outbox" SET "audience" = 'staff' WHERE "kind" LIKE 'staff\_%';--> statement-breakpoint
-- Invitation links already stored in readable bodies are hidden, and those links stop working: anyone
-- who could open the Outbox view may have read them. An admin sends a fresh invitation where needed.
UPDATE "outbox" SET "payload" = jsonb_set(jsonb_set("payload",
    '{html}', to_jsonb(regexp_replace(coalesce("payload"->>'html', ''), '/staff/invite/[A-Za-z0-9_-]+', '/staff/invite/[hidden]', 'g'))),
    '{text}', to_jsonb(regexp_replace(coalesce("payload"->>'text', ''), '/staff/invite/[A-Za-z0-9_-]+', '/staff/invite/[hidden]', 'g')))
  WHERE "kind" = 'staff_invite';--> statement-breakpoint
UPDATE "staff_invites" SET "expires_at" = now() WHERE "used_at" IS NULL AND "expires_at" > now();
