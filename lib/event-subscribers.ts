import { AUTOMATION_SUBSCRIBERS } from '@/lib/automation/subscribers';
import { CARRIER_SUBSCRIBERS } from '@/lib/carriers/subscribers';
import type { Subscriber } from '@/lib/core/events';
import { DELAY_SUBSCRIBERS } from '@/lib/delays/subscribers';
import { PLATFORM_SUBSCRIBERS } from '@/lib/platforms/subscribers';
import { PRODUCT_IMAGE_SUBSCRIBERS } from '@/lib/product-images/subscribers';
import { REFUND_SUBSCRIBERS } from '@/lib/refunds/subscribers';
import { RETURN_SUBSCRIBERS } from '@/lib/returns/subscribers';
import { TRACKING_SUBSCRIBERS } from '@/lib/tracking/subscribers';
import { WEBHOOK_SUBSCRIBERS } from '@/lib/webhooks/subscribers';

/**
 * Every subscriber the worker runs (lib/core/events/subscriber.ts), composed here so that no domain
 * imports another to react to its events: each domain exports its own from `lib/<domain>/subscribers.ts`.
 */
export const SUBSCRIBERS: readonly Subscriber[] = [...TRACKING_SUBSCRIBERS, ...DELAY_SUBSCRIBERS, ...RETURN_SUBSCRIBERS, ...WEBHOOK_SUBSCRIBERS, ...CARRIER_SUBSCRIBERS, ...REFUND_SUBSCRIBERS, ...AUTOMATION_SUBSCRIBERS, ...PRODUCT_IMAGE_SUBSCRIBERS, ...PLATFORM_SUBSCRIBERS];
