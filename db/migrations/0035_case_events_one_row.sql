-- Issue #13: one catalog, one writer. A change writes one row of domain_events: a type merchants or subscribers read is
-- written with audience 'public' (with its tx_id), a staff-trail type with audience 'audit' (tx_id 0). The 22 types that
-- used to write both rows now write only the public one, which carries the case_id, so the case timeline reads a
-- case's rows of both audiences. Before this release each of those changes wrote two rows in one transaction (same
-- type, same occurred_at = the transaction's now()); the public row of such a pair is the audit row's twin and is left
-- out, so each change shows once.
-- contract: the previous release (0028) still reads case_events (its case timeline, privacy export, refund notes) and
-- inserts into it; the view now shows every row of the trail once: the audit rows plus the public rows without an audit
-- twin. Its INSTEAD OF INSERT trigger (0034) is kept: CREATE OR REPLACE VIEW keeps the view's triggers.
CREATE OR REPLACE VIEW "case_events" AS
  SELECT e.id, e.case_id, e.order_id, e.actor_type, e.actor_id, e.type, e.data, e.occurred_at AS created_at
  FROM domain_events e
  WHERE e.audience = 'audit'
     OR NOT EXISTS (
       SELECT 1 FROM domain_events twin
       WHERE twin.occurred_at = e.occurred_at AND twin.audience = 'audit' AND twin.type = e.type
         AND twin.case_id IS NOT DISTINCT FROM e.case_id AND twin.order_id IS NOT DISTINCT FROM e.order_id
     );
