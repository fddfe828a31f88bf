-- Tracking numbers have one spelling: upper case, without whitespace, dashes or brackets
-- (normalizeTrackingNumber in lib/carriers/tracking-number.ts; the merchant API and carrier ingest apply it).
-- Rows written before the rule are brought in line. The unique index (carrier, tracking_number) allows one
-- shipment per spelling: when the normalized number is already taken, or several rows normalize to the same
-- number, only the oldest free one is changed and the others keep their spelling (nothing is merged or lost).
WITH candidates AS (
  SELECT id, carrier, upper(regexp_replace(tracking_number, '[[:space:]()-]', '', 'g')) AS normalized, created_at
  FROM shipments
  WHERE tracking_number <> upper(regexp_replace(tracking_number, '[[:space:]()-]', '', 'g'))
),
ranked AS (
  SELECT c.id, c.normalized, row_number() OVER (PARTITION BY c.carrier, c.normalized ORDER BY c.created_at, c.id) AS rank
  FROM candidates c
  WHERE c.normalized <> ''
    AND NOT EXISTS (SELECT 1 FROM shipments taken WHERE taken.carrier = c.carrier AND taken.tracking_number = c.normalized)
)
UPDATE shipments s SET tracking_number = r.normalized FROM ranked r WHERE s.id = r.id AND r.rank = 1;
--> statement-breakpoint
UPDATE tracking_events SET tracking_number = upper(regexp_replace(tracking_number, '[[:space:]()-]', '', 'g'))
WHERE tracking_number <> upper(regexp_replace(tracking_number, '[[:space:]()-]', '', 'g'))
  AND upper(regexp_replace(tracking_number, '[[:space:]()-]', '', 'g')) <> '';
