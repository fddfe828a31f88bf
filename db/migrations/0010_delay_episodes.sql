-- Delay episodes (issue #12, "double compensation for one late parcel"): one parcel (one order, for dispatch_late)
-- has one open delay episode while any of its incidents is open. A second incident kind on the same parcel joins
-- the episode; the customer gets one notice per episode (dedupe key delay-notice:{episode}) and can choose a
-- remedy once per episode (unique index below). Self-contained: table, backfill of existing rows, triggers.
CREATE TABLE "delay_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"shipment_id" uuid,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "delay_episodes" ADD CONSTRAINT "delay_episodes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delay_episodes" ADD CONSTRAINT "delay_episodes_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delay_episodes_one_open_key" ON "delay_episodes" USING btree (coalesce("shipment_id", "order_id")) WHERE "delay_episodes"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "delay_episodes_order_idx" ON "delay_episodes" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD COLUMN "episode_id" uuid DEFAULT null;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "episode_id" uuid DEFAULT null;--> statement-breakpoint
-- Backfill. Resolved incidents: a closed episode each (its id is the incident's id).
INSERT INTO "delay_episodes" ("id", "order_id", "shipment_id", "opened_at", "closed_at")
  SELECT "id", "order_id", "shipment_id", "opened_at", "resolved_at" FROM "delay_incidents" WHERE "resolved_at" IS NOT NULL;--> statement-breakpoint
UPDATE "delay_incidents" SET "episode_id" = "id" WHERE "resolved_at" IS NOT NULL;--> statement-breakpoint
-- Open incidents: one open episode per parcel (per order for dispatch_late); its id is its earliest incident's.
INSERT INTO "delay_episodes" ("id", "order_id", "shipment_id", "opened_at")
  SELECT DISTINCT ON (coalesce("shipment_id", "order_id")) "id", "order_id", "shipment_id", "opened_at"
  FROM "delay_incidents" WHERE "resolved_at" IS NULL
  ORDER BY coalesce("shipment_id", "order_id"), "opened_at", "id";--> statement-breakpoint
UPDATE "delay_incidents" di SET "episode_id" = e."id" FROM "delay_episodes" e
  WHERE di."resolved_at" IS NULL AND e."closed_at" IS NULL AND coalesce(e."shipment_id", e."order_id") = coalesce(di."shipment_id", di."order_id");--> statement-breakpoint
UPDATE "notices" n SET "episode_id" = di."episode_id" FROM "delay_incidents" di WHERE di."id" = n."incident_id";--> statement-breakpoint
-- Rows written before this fix may already hold a second remedy chosen within one episode (the very bug): each
-- such later choice keeps a closed episode of its own, so nothing is lost and the unique index below holds.
INSERT INTO "delay_episodes" ("id", "order_id", "shipment_id", "opened_at", "closed_at")
  SELECT md5(di."id"::text || ':legacy-remedy')::uuid, di."order_id", di."shipment_id", di."opened_at", coalesce(di."resolved_at", now())
  FROM "delay_incidents" di
  WHERE di."id" IN (SELECT x."incident_id" FROM (SELECT "incident_id", row_number() OVER (PARTITION BY "episode_id" ORDER BY "remedy_chosen_at", "id") AS r FROM "notices" WHERE "remedy_chosen" IS NOT NULL) x WHERE x.r > 1);--> statement-breakpoint
UPDATE "delay_incidents" SET "episode_id" = md5("id"::text || ':legacy-remedy')::uuid
  WHERE md5("id"::text || ':legacy-remedy')::uuid IN (SELECT "id" FROM "delay_episodes");--> statement-breakpoint
UPDATE "notices" SET "episode_id" = md5("incident_id"::text || ':legacy-remedy')::uuid
  WHERE md5("incident_id"::text || ':legacy-remedy')::uuid IN (SELECT "id" FROM "delay_episodes");--> statement-breakpoint
-- A dismissal is per incident: its row no longer takes the key of the episode's notice.
UPDATE "notices" SET "dedupe_key" = 'delay-dismissed:' || "incident_id" WHERE "status" = 'dismissed' AND "dedupe_key" = 'delay-notice:' || "incident_id";--> statement-breakpoint
ALTER TABLE "delay_incidents" ALTER COLUMN "episode_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notices" ALTER COLUMN "episode_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "delay_incidents" ADD CONSTRAINT "delay_incidents_episode_id_delay_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."delay_episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_episode_id_delay_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."delay_episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delay_incidents_episode_idx" ON "delay_incidents" USING btree ("episode_id");--> statement-breakpoint
-- A remedy is chosen once per parcel per delay episode, whatever the number of notices or links.
CREATE UNIQUE INDEX "notices_one_remedy_per_episode_key" ON "notices" USING btree ("episode_id") WHERE "notices"."remedy_chosen" is not null;--> statement-breakpoint
-- Every new incident joins its subject's open episode, or opens one. Each statement in a VOLATILE plpgsql
-- function sees rows committed meanwhile, so two transactions racing for one parcel end in one episode: the
-- loser's INSERT waits on the unique index, does nothing, and its next SELECT finds the winner's row.
CREATE OR REPLACE FUNCTION delay_incident_episode() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ep uuid;
BEGIN
  IF NEW.episode_id IS NOT NULL THEN RETURN NEW; END IF;
  IF NEW.resolved_at IS NOT NULL THEN
    INSERT INTO delay_episodes (order_id, shipment_id, opened_at, closed_at) VALUES (NEW.order_id, NEW.shipment_id, NEW.opened_at, NEW.resolved_at) RETURNING id INTO ep;
  ELSE
    LOOP
      SELECT id INTO ep FROM delay_episodes WHERE coalesce(shipment_id, order_id) = coalesce(NEW.shipment_id, NEW.order_id) AND closed_at IS NULL;
      EXIT WHEN ep IS NOT NULL;
      INSERT INTO delay_episodes (order_id, shipment_id, opened_at) VALUES (NEW.order_id, NEW.shipment_id, NEW.opened_at)
        ON CONFLICT ((coalesce(shipment_id, order_id))) WHERE closed_at IS NULL DO NOTHING
        RETURNING id INTO ep;
      EXIT WHEN ep IS NOT NULL;
    END LOOP;
  END IF;
  NEW.episode_id := ep;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER delay_incidents_episode BEFORE INSERT ON delay_incidents FOR EACH ROW EXECUTE FUNCTION delay_incident_episode();--> statement-breakpoint
-- The episode ends when its last incident resolves (row triggers run after the whole statement, so a sweep that
-- closes one kind and opens another for the same parcel keeps the episode open).
CREATE OR REPLACE FUNCTION delay_episode_close() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE delay_episodes SET closed_at = NEW.resolved_at
  WHERE id = NEW.episode_id AND closed_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM delay_incidents WHERE episode_id = NEW.episode_id AND resolved_at IS NULL);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER delay_incidents_episode_close AFTER UPDATE OF resolved_at ON delay_incidents FOR EACH ROW
  WHEN (OLD.resolved_at IS NULL AND NEW.resolved_at IS NOT NULL) EXECUTE FUNCTION delay_episode_close();--> statement-breakpoint
-- A notice belongs to its incident's episode.
CREATE OR REPLACE FUNCTION notice_episode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.episode_id IS NULL THEN
    SELECT episode_id INTO NEW.episode_id FROM delay_incidents WHERE id = NEW.incident_id;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER notices_episode BEFORE INSERT ON notices FOR EACH ROW EXECUTE FUNCTION notice_episode();
