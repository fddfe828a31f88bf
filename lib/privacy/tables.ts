/**
 * The one data inventory: every text, varchar, jsonb, bytea and array column of every table, with
 * what it holds. `tables.test.ts` compares it with information_schema, so a table or column added
 * later fails the suite until it is classified here (and, when it holds a customer's data, erased
 * by `erase-customer.ts`, whose eraser list TypeScript checks against this catalogue).
 *
 *   identity   a customer's name, email, phone or address → pseudonymized or cleared on erasure
 *   free_text  text a customer wrote, or staff wrote about them → cleared or redacted on erasure
 *   payload    raw data received or sent (webhooks, emails, API responses) → cleared on erasure
 *   staff      staff members' own accounts and sessions (not a customer's data; staff admin + retention)
 *   reference  identifiers, amounts, codes, configuration: kept (accounting, logistics), not personal alone
 *   secret     hashes of tokens and keys
 */
export type ColumnClass = 'identity' | 'free_text' | 'payload' | 'staff' | 'reference' | 'secret';

export const PRIVACY_CATALOG = {
  orders: {
    order_number: 'reference',
    email: 'identity',
    customer_name: 'identity',
    phone: 'identity',
    currency: 'reference',
    market: 'reference',
    shipping_name: 'identity',
    shipping_line1: 'identity',
    shipping_line2: 'identity',
    shipping_postal_code: 'identity',
    shipping_city: 'identity',
    shipping_country: 'reference',
    payment_method: 'reference',
    external_id: 'reference',
  },
  order_lines: { sku: 'reference', title: 'reference', variant_options: 'reference', image_url: 'reference', external_id: 'reference' },
  variants: { sku: 'reference', product_key: 'reference', title: 'reference', options: 'reference', currency: 'reference', image_url: 'reference' },
  shipments: { service: 'reference', tracking_number: 'reference', pickup_point: 'reference', predicted_basis: 'reference' },
  shipment_lines: {},
  // Carrier text can name the recipient ("Delivered to MATTI M.") or a home address.
  tracking_events: { tracking_number: 'reference', carrier_code: 'reference', description: 'free_text', location: 'free_text', dedupe_key: 'reference', pickup_point: 'reference' },
  webhook_inbox: { dedupe_key: 'reference', headers: 'payload', raw_body: 'payload', signature_result: 'reference', error: 'free_text' },
  carrier_polls: {},
  return_policies: { name: 'reference', fees_by_market: 'reference', reasons: 'reference' },
  returns: { rma_number: 'reference', drop_off_point: 'reference', currency: 'reference', printerless_code: 'reference', idempotency_key: 'reference', rejection_reason: 'free_text' },
  return_items: { reason_code: 'reference', comment: 'free_text' },
  claims: { description: 'free_text', lines: 'reference', idempotency_key: 'reference' },
  photos: { content_type: 'reference', data: 'payload' },
  // Inbound email (lib/inbound): who wrote and about what, and the files they sent.
  inbound_emails: { message_id: 'reference', source: 'reference', sender: 'identity', subject: 'free_text', outcome: 'reference', reason: 'reference' },
  case_attachments: { filename: 'free_text', content_type: 'reference', data: 'payload', rejected: 'reference' },
  withdrawals: { receipt_number: 'reference', name: 'identity', email: 'identity', lines: 'reference', time_zone: 'reference', currency: 'reference', idempotency_key: 'reference' },
  cases: { subject: 'free_text', customer_email: 'identity', customer_name: 'identity', tags: 'reference' },
  case_messages: { body: 'free_text' },
  // The one event log: public events (lib/core/events: ids and facts, and for exchange.created the address to ship
  // to) and the append-only audit trail (audience 'audit', lib/core/events: its data can quote anything, order payloads,
  // notes; `case_events` is a view of these rows). `data` is rewritten on erasure in both.
  domain_events: { type: 'reference', aggregate_type: 'reference', aggregate_id: 'reference', actor_id: 'reference', data: 'payload', request_id: 'reference' },
  event_subscriptions: { name: 'reference', last_error: 'free_text' },
  // Merchant webhooks: the endpoint is the merchant's configuration; a delivery's body is the order/return DTO.
  webhook_endpoints: { url: 'reference', events: 'reference', description: 'reference', secret_sealed: 'secret', previous_secret_sealed: 'secret', disabled_reason: 'reference' },
  webhook_deliveries: { webhook_id: 'reference', event_type: 'reference', body: 'payload', last_error: 'free_text' },
  // Commerce platforms (lib/platforms): the shop's connection (secrets sealed), delivery receipts (ids, topic and a
  // reason such as "tracking company TNT is not tracked": never the body), links from orders and refunds to the platform's ids.
  platform_integrations: { platform: 'reference', domain: 'reference', display_name: 'reference', credentials_sealed: 'secret', webhook_secret_sealed: 'secret', last_backfill_result: 'reference' },
  platform_webhook_receipts: { webhook_id: 'reference', topic: 'reference', outcome: 'reference', detail: 'reference' },
  platform_orders: { external_id: 'reference' },
  platform_refunds: { external_id: 'reference' },
  platform_variants: { external_product_id: 'reference', external_id: 'reference', inventory_item_id: 'reference', inventory_levels: 'reference' },
  // An exchange's replacement order on the platform: ids, status and the platform's refusal message (no personal data).
  exchange_platform_orders: { event_id: 'reference', status: 'reference', external_id: 'reference', external_name: 'reference', admin_url: 'reference', last_error: 'reference' },
  // A compensation's code on the platform: ids, status and the platform's refusal message (no personal data).
  compensation_platform_codes: { event_id: 'reference', status: 'reference', external_id: 'reference', last_error: 'reference' },
  compensations: { currency: 'reference', code: 'reference', reason: 'free_text', rejection_reason: 'free_text', request_key: 'reference' },
  // The refund ledger: rails, provider ids and the provider's failure text ("charge already refunded"), not personal.
  refunds: { currency: 'reference', reason: 'free_text', rail: 'reference', provider_reference: 'reference', idempotency_key: 'reference', failure_message: 'reference', failure_code: 'reference' },
  refund_attempts: { rail: 'reference', outcome: 'reference', provider_reference: 'reference', provider_message: 'reference', provider_code: 'reference' },
  stripe_webhook_events: { event_id: 'reference', type: 'reference' },
  // The carrier's own return label (PDF/ZPL) prints the customer's name and address → deleted on erasure.
  carrier_labels: { booked_via: 'reference', carrier_reference: 'reference', pdf: 'payload', zpl: 'payload', label_source: 'reference', fetch_error: 'free_text' },
  // Every booking answer of a carrier (lib/carriers/booking-ledger.ts): the carrier's numbers, and its label (the customer's address).
  carrier_bookings: {
    purpose: 'reference',
    reference: 'reference',
    state: 'reference',
    booked_via: 'reference',
    tracking_number: 'reference',
    carrier_reference: 'reference',
    service: 'reference',
    label_source: 'reference',
    pdf: 'payload',
    zpl: 'payload',
    printerless_code: 'reference',
    label_error: 'free_text',
    apply_error: 'free_text',
  },
  // Push subscriptions at the carriers: tracking numbers and the carriers' ids; DHL's activation secret sealed.
  carrier_push_subscriptions: {
    scope_kind: 'reference',
    scope_ref: 'reference',
    external_id: 'reference',
    callback_url: 'reference',
    secret_ref: 'reference',
    secret_fingerprint: 'secret',
    status: 'reference',
    activation_sealed: 'secret',
    last_error: 'reference',
  },
  // Public service points per postal code (the carriers' data, or the demo's invented points).
  service_point_cache: { country: 'reference', postal_code: 'reference', points: 'reference' },
  // Which agent has which case open (ids and leases only, gone within 30 s).
  case_presence: {},
  // Bank-transfer refunds (lib/payouts): the customer's account, sealed (AES-GCM) but still theirs → deleted
  // on erasure and by the order retention purge; the masked IBAN (FI21 **** **** 0785) is not personal alone.
  refund_bank_accounts: { holder_sealed: 'identity', iban_sealed: 'identity', bic_sealed: 'reference', iban_masked: 'reference' },
  // The SEPA file (sealed) names every creditor and their IBAN → cleared when one of them is erased.
  payout_batches: { currency: 'reference', message_id: 'reference', file_xml: 'payload' },
  payout_items: { currency: 'reference', end_to_end_id: 'reference' },
  // Store credit we keep ourselves: codes and amounts (accounting).
  store_credits: { code: 'reference', currency: 'reference' },
  store_credit_redemptions: { currency: 'reference', order_number: 'reference' },
  csat_responses: { token_hash: 'secret', comment: 'free_text' },
  csat_opt_outs: { email: 'identity' },
  delay_episodes: {},
  delay_incidents: { details: 'payload', closed_reason: 'reference' },
  notices: { remedies_offered: 'reference', remedy_token_hash: 'secret', dedupe_key: 'reference', error: 'free_text' },
  outbox: { kind: 'reference', dedupe_key: 'reference', recipient: 'identity', subject: 'free_text', payload: 'payload', audience: 'reference', sealed_secrets: 'secret', last_error: 'free_text', provider_message_id: 'reference', request_id: 'reference' },
  staff_users: { email: 'staff', name: 'staff', password_hash: 'secret', totp_secret: 'secret', recovery_codes: 'secret', languages: 'reference' },
  staff_sessions: { token_hash: 'secret', ip: 'staff', user_agent: 'staff' },
  api_keys: { name: 'reference', prefix: 'reference', key_hash: 'secret', scopes: 'reference' },
  // Stored merchant-API responses can contain a whole order; they live 24 h and are erased on request.
  idempotency_keys: { key: 'reference', method: 'reference', path: 'reference', request_hash: 'secret', response_body: 'payload' },
  tracking_links: { token_hash: 'secret' },
  // One-time email links ("Email me a link"): 30 minutes, single use; purged a day after they expire.
  order_access_links: { token_hash: 'secret' },
  // Keys are client IP addresses, order numbers or staff ids; the counters expire within the hour.
  rate_limits: { bucket: 'reference', key: 'payload' },
  settings: { key: 'reference', value: 'reference' },
  macros: { title: 'reference', body: 'reference' },
  // Automation rules (lib/automation): what to do with which cases; names, triggers, conditions and actions, nobody's data.
  automation_rules: { name: 'reference', trigger: 'reference', conditions: 'reference', actions: 'reference' },
  // Teams of the staff desk (lib/teams): a team's name ("Returns", "Svenska"); who is in it is ids only.
  teams: { name: 'reference' },
  team_members: {},
  // Product pictures (lib/product-images): the merchant's public image URL, its hash and our WebP copies; nobody's data.
  product_images: { url_hash: 'reference', url: 'reference', status: 'reference', error: 'reference', sizes: 'reference', small: 'reference', large: 'reference' },
  staff_invites: { token_hash: 'secret' },
  // Failed staff sign-ins: the email typed and the address (IPv6 cut to /64); rows age out hourly.
  staff_login_throttle: { account: 'staff', source: 'staff' },
  // Report rollups: counts per day and dimension (product titles, markets, carriers), nobody's data.
  report_sales_days: { dim: 'reference', key: 'reference', title: 'reference' },
  report_return_days: { dim: 'reference', key: 'reference', currency: 'reference', resolution: 'reference' },
  report_revenue_days: { currency: 'reference', market: 'reference' },
  report_case_days: { type: 'reference' },
  report_csat_days: {},
  report_csat_cause_days: { cause: 'reference', sla_outcome: 'reference' },
  report_backlog_days: {},
  report_delay_days: { carrier: 'reference', kind: 'reference' },
  report_refreshes: { time_zone: 'reference' },
  tracking_view_hours: {},
} as const satisfies Record<string, Record<string, ColumnClass>>;

export type CatalogTable = keyof typeof PRIVACY_CATALOG;

/** Classes that hold a customer's data: a table with any of them needs an eraser. */
export const CUSTOMER_CLASSES = ['identity', 'free_text', 'payload'] as const;
type CustomerClass = (typeof CUSTOMER_CLASSES)[number];

/** Tables holding a customer's data (derived from the catalogue, so the eraser map must list each). */
export type CustomerTable = {
  [T in CatalogTable]: Extract<(typeof PRIVACY_CATALOG)[T][keyof (typeof PRIVACY_CATALOG)[T]], CustomerClass> extends never ? never : T;
}[CatalogTable];

/** Tables outside the catalogue on purpose (framework bookkeeping, no personal data). */
export const IGNORED_TABLES = ['__drizzle_migrations'] as const;

/** The text the erasure leaves behind: obviously not data, never a real value. */
export const ERASED = '[erased]';
