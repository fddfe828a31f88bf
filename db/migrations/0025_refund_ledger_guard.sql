-- Refund ledger (issue #15). orders.refunded_amount now counts every refund that is not failed: money paid
-- back or reserved for a refund on its way. Its CHECK (refunded_amount <= captured_amount) still refuses any
-- excess, and the UPDATE still takes the order row lock, so concurrent refunds serialize. A refund that
-- fails frees its amount; a staff retry (failed → requested) reserves it again, and is refused when the
-- money has been refunded otherwise in between.
UPDATE refunds SET status = 'succeeded', rail = 'demo', settled_at = created_at, next_attempt_at = NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION paluu_refunds_apply() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'failed' THEN
      UPDATE orders SET refunded_amount = refunded_amount + NEW.amount WHERE id = NEW.order_id;
    END IF;
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'failed' THEN
      UPDATE orders SET refunded_amount = refunded_amount - OLD.amount WHERE id = OLD.order_id;
    END IF;
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'refunds are immutable' USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The ledger's state rules (lib/refunds/refund-state.ts says the same): succeeded is final, failed only goes
-- back to requested (a staff retry), nothing returns to requested otherwise.
CREATE OR REPLACE FUNCTION paluu_refunds_status() RETURNS trigger AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  IF NOT (
    (OLD.status = 'requested' AND NEW.status IN ('processing', 'failed'))
    OR (OLD.status = 'processing' AND NEW.status IN ('succeeded', 'failed'))
    OR (OLD.status = 'failed' AND NEW.status = 'requested')
  ) THEN
    RAISE EXCEPTION 'refund status cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status = 'failed' THEN
    UPDATE orders SET refunded_amount = refunded_amount + NEW.amount WHERE id = NEW.order_id;
  ELSIF NEW.status = 'failed' THEN
    UPDATE orders SET refunded_amount = refunded_amount - NEW.amount WHERE id = NEW.order_id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER refunds_status_change
  BEFORE UPDATE OF status ON refunds
  FOR EACH ROW EXECUTE FUNCTION paluu_refunds_status();
