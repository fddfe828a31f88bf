import type { Subscriber } from '@/lib/core/events';
import { exchangeOrdersSubscriber } from './exchange-orders';

export const PLATFORM_SUBSCRIBERS: readonly Subscriber[] = [exchangeOrdersSubscriber];
