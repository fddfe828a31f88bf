-- Delay incidents now carry their order (dispatch_late has no parcel): the tracking page cache hears of
-- them by order id, so a banner for an order that has not shipped yet also reaches a cached page.
DROP TRIGGER IF EXISTS delay_incidents_page_cache_ins ON delay_incidents;
--> statement-breakpoint
DROP TRIGGER IF EXISTS delay_incidents_page_cache_upd ON delay_incidents;
--> statement-breakpoint
DROP TRIGGER IF EXISTS delay_incidents_page_cache_del ON delay_incidents;
--> statement-breakpoint
CREATE TRIGGER delay_incidents_page_cache_ins AFTER INSERT ON delay_incidents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_page_cache_changed('order_id');
--> statement-breakpoint
CREATE TRIGGER delay_incidents_page_cache_upd AFTER UPDATE ON delay_incidents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_page_cache_changed('order_id');
--> statement-breakpoint
CREATE TRIGGER delay_incidents_page_cache_del AFTER DELETE ON delay_incidents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION paluu_page_cache_changed('order_id');
