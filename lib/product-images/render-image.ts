import sharp from 'sharp';
import type { ProductImageSizes } from '../../db/schema';
import { PRODUCT_IMAGE_SIZES } from '../core/product-image-path';

/**
 * Re-encodes a fetched picture into the renditions we serve: WebP at most 160 and 480 px on the long side, never
 * enlarged, no metadata kept (sharp drops EXIF, ICC and XMP unless asked to keep them). Only raster formats sharp
 * decodes are taken (no SVG: it could carry scripts or external references); the pixel count is checked from the
 * header before anything is decoded, so a decompression bomb costs nothing.
 */
// `heif` is AVIF here: sharp's prebuilt libvips decodes no HEVC.
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);
const MAX_PIXELS = 4096 * 4096;

export type Rendered = { ok: true; small: Buffer; large: Buffer; sizes: ProductImageSizes } | { ok: false; error: string };

export async function renderProductImage(bytes: Buffer): Promise<Rendered> {
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    return { ok: false, error: 'Not an image sharp can read.' };
  }
  if (!format || !FORMATS.has(format)) return { ok: false, error: `Unsupported image format "${format ?? 'unknown'}".` };
  if (pixels === 0 || pixels > MAX_PIXELS) return { ok: false, error: `Image has ${pixels} pixels (at most ${MAX_PIXELS}).` };
  try {
    const sizes: ProductImageSizes = {};
    const out: Buffer[] = [];
    for (const side of PRODUCT_IMAGE_SIZES) {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, pages: 1 })
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      sizes[String(side)] = { width: info.width, height: info.height, bytes: data.length };
      out.push(data);
    }
    return { ok: true, small: out[0]!, large: out[1]!, sizes };
  } catch (error) {
    return { ok: false, error: `Could not decode the image: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) };
  }
}
