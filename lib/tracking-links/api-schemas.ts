import { z } from 'zod';

/** POST /api/v1/orders/{orderNumber}/tracking-links (the body is optional). */
export const createTrackingLinkSchema = z.object({
  ttlDays: z.int().min(1).max(365).optional().describe('Days until the link expires (default 180)'),
});
export const trackingLinkResponseSchema = z.object({ url: z.url(), expiresAt: z.iso.datetime() });
