/** The retention periods' schema, shared by the admin form (client) and the server. */
import { z } from 'zod';

const period = (min: number, max: number, fallback: number) => z.coerce.number().int('wholeNumber').min(min, 'outOfRange').max(max, 'outOfRange').default(fallback);

/** Order matters: the admin page lists the data types in this order. */
export const retentionSettingsSchema = z.object({
  /** Claim/return photos: days after the return or claim is closed. */
  photosDays: period(7, 3650, 180),
  /** Name, email, phone and address on orders (and their cases, withdrawals, emails): years after the order. */
  orderPersonalYears: period(1, 10, 3),
  /** Case messages and internal notes: months after the case is closed. */
  caseMessagesMonths: period(1, 120, 24),
  /** Bodies of emails sent: days after sending (metadata stays). */
  outboxBodiesDays: period(7, 3650, 90),
  /** Raw carrier webhook payloads: days after processing. */
  webhookPayloadsDays: period(1, 365, 30),
  /** Tracking links: days after they expire. */
  trackingLinksDays: period(1, 365, 30),
  /** Staff sessions (IP address, browser): days after they end. */
  staffSessionsDays: period(1, 365, 30),
  /** Free-text comments in satisfaction surveys: months after the answer. */
  csatCommentsMonths: period(1, 120, 24),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;
export type RetentionInput = z.input<typeof retentionSettingsSchema>;
export const RETENTION_KEYS = Object.keys(retentionSettingsSchema.shape) as (keyof RetentionSettings)[];

