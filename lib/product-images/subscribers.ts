import type { Subscriber } from '@/lib/core/events';
import { queueOrderImages } from './queue-images';

/**
 * `product-images.queue`: an order created or updated through the API or a platform queues its lines' new image
 * URLs (one row per distinct URL, across orders). No network I/O here: the worker's image loop fetches
 * (lib/product-images/fetch-due-images.ts). Idempotent: a replayed event finds the rows there and inserts nothing.
 */
export const productImagesQueue: Subscriber = {
  name: 'product-images.queue',
  types: ['order.upserted'],
  async handle(tx, event) {
    const data = event.data as { orderId: string };
    await queueOrderImages(tx, data.orderId);
  },
};

export const PRODUCT_IMAGE_SUBSCRIBERS: readonly Subscriber[] = [productImagesQueue];
