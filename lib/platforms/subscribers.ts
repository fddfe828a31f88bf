import type { Subscriber } from '@/lib/core/events';
import { exchangeOrdersSubscriber } from './exchange-orders';
import { platformCodesSubscriber } from './platform-codes';

export const PLATFORM_SUBSCRIBERS: readonly Subscriber[] = [exchangeOrdersSubscriber, platformCodesSubscriber];
