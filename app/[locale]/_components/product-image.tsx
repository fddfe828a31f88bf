import { productImagePath } from '@/lib/core/product-image-path';

/**
 * A product picture beside an item (issue #18), served by our own route from the copy the worker stored: a fixed
 * square box (width and height set, `object-contain`), so nothing moves when it loads. No stored picture, no
 * element: the row looks as it did before pictures existed. `alt` is empty where the title is already next to
 * the picture (a screen reader would read it twice); pass the title where it is not. Works in server and client
 * components (no hooks).
 */
export function ProductImage({ image, alt = '', size = 64, eager = false }: { image: string | null | undefined; alt?: string; size?: 48 | 64; eager?: boolean }) {
  if (!image) return null;
  return (
    // Served by our own route (immutable, already resized): a plain <img>, as for the shop logo.
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={productImagePath(image, 160)}
      srcSet={`${productImagePath(image, 160)} 160w, ${productImagePath(image, 480)} 480w`}
      sizes={`${size}px`}
      width={size}
      height={size}
      alt={alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      className={`${size === 48 ? 'h-12 w-12' : 'h-16 w-16'} shrink-0 rounded-lg border border-[var(--color-line)] bg-white object-contain`}
      data-testid="product-image"
    />
  );
}
