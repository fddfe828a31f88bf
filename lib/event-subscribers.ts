import type { Subscriber } from '@/lib/core/events';
import { WEBHOOK_SUBSCRIBERS } from '@/lib/webhooks/subscribers';

/**
 * Every subscriber the worker runs (lib/core/events/subscriber.ts), composed here so that no domain
 * imports another to react to its events: each domain exports its own from `lib/<domain>/subscribers.ts`.
 */
export const SUBSCRIBERS: readonly Subscriber[] = [...WEBHOOK_SUBSCRIBERS];
