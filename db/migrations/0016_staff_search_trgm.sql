-- Forgiving staff search (lib/search/staff-search.ts): trigram indexes so `204137`, `kk204137`, `r10005`,
-- part of an email or a misspelt name find their case with an index scan, not a sequential one.
-- Numbers are compared by their search key: upper case, letters and digits only ("KK-204137" → "KK204137"),
-- the same expression as searchKeySql() in the code (an expression index is used only when they match).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS orders_number_trgm_idx ON orders USING gin (regexp_replace(upper(order_number), '[^A-Z0-9]', '', 'g') gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS orders_email_trgm_idx ON orders USING gin (lower(email) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS orders_customer_name_trgm_idx ON orders USING gin (lower(customer_name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS returns_rma_trgm_idx ON returns USING gin (regexp_replace(upper(rma_number), '[^A-Z0-9]', '', 'g') gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS shipments_tracking_trgm_idx ON shipments USING gin (regexp_replace(upper(tracking_number), '[^A-Z0-9]', '', 'g') gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_email_trgm_idx ON cases USING gin (lower(customer_email) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_customer_name_trgm_idx ON cases USING gin (lower(customer_name) gin_trgm_ops);
