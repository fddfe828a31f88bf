import { z } from 'zod';

/** "Email me a link": only the order number (the link goes to the email address on the order). */
export const requestAccessLinkSchema = z.object({
  orderNumber: z.string().trim().min(1, 'orderNumberRequired').max(64, 'tooLong'),
});
export type RequestAccessLinkInput = z.infer<typeof requestAccessLinkSchema>;

/** A one-time link lives 30 minutes and opens the order once. */
export const ACCESS_LINK_TTL_SECONDS = 30 * 60;
