import type { Subscriber } from '@/lib/core/events';
import { platformCodesSubscriber } from './platform-codes';

export const COMPENSATION_SUBSCRIBERS: readonly Subscriber[] = [platformCodesSubscriber];
