-- Refunds can never exceed what was captured: each refund moves orders.refunded_amount,
-- whose CHECK (refunded_amount <= captured_amount) rejects the excess. The UPDATE takes the
-- order row lock, so concurrent refunds serialize and the total stays exact.
CREATE OR REPLACE FUNCTION paluu_refunds_apply() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE orders SET refunded_amount = refunded_amount + NEW.amount WHERE id = NEW.order_id;
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE orders SET refunded_amount = refunded_amount - OLD.amount WHERE id = OLD.order_id;
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'refunds are immutable' USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER refunds_apply_to_order
  AFTER INSERT OR DELETE ON refunds
  FOR EACH ROW EXECUTE FUNCTION paluu_refunds_apply();
--> statement-breakpoint
CREATE TRIGGER refunds_immutable
  BEFORE UPDATE OF amount, order_id ON refunds
  FOR EACH ROW EXECUTE FUNCTION paluu_refunds_apply();
--> statement-breakpoint
-- The audit trail is append-only. Only a data-protection job that sets
-- `paluu.audit_rewrite = on` in its transaction may pseudonymize rows.
CREATE OR REPLACE FUNCTION paluu_case_events_append_only() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('paluu.audit_rewrite', true), '') <> 'on' THEN
    RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER case_events_append_only
  BEFORE UPDATE ON case_events
  FOR EACH ROW EXECUTE FUNCTION paluu_case_events_append_only();
