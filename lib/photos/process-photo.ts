import 'server-only';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';

/**
 * Customer photos (return reasons, claims). The type is decided by the bytes, never by the name;
 * the pixel count is read from the header and checked before anything is decoded, so a
 * decompression bomb costs nothing. The stored copy is a fresh JPEG: auto-rotated, at most
 * 2048 px on the long side, ≤ 1 MB, with no metadata (EXIF, GPS, ICC comments) left.
 */
export const PHOTO_LIMITS = {
  maxUploadBytes: 10 * 1024 * 1024,
  maxStoredBytes: 1024 * 1024,
  // One decode must stay under ~100 MB and ~300 ms. An interlaced PNG is decoded whole (~3.3 bytes a pixel,
  // ~17 ms a megapixel measured): a 139 KB PNG of 47.6 MP cost ~0.8 s and ~200 MB. 4096 × 4096 = 16.8 MP
  // keeps one decode near 55 MB and 280 ms and still takes every phone's default photo (12 MP 4032 × 3024,
  // 16 MP 4608 × 3456); the 48/50/200 MP modes are refused with a message asking for a smaller photo.
  maxPixels: 4096 * 4096,
  maxPerItem: 5,
} as const satisfies { maxUploadBytes: number; maxStoredBytes: number; maxPixels: number; maxPerItem: 5 };

export type PhotoRejection = 'unsupported_type' | 'too_large' | 'too_many_pixels' | 'unreadable';

export type ProcessedPhoto = { ok: true; data: Buffer; contentType: 'image/jpeg' | 'image/webp'; width: number; height: number };

type Sniffed = 'jpeg' | 'png' | 'webp' | 'heic';

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The image type from the magic bytes, or null (an executable renamed to .jpg ends here). */
export function sniffImageType(bytes: Uint8Array): Sniffed | null {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'heic';
  return null;
}

const STEPS = [
  { side: 2048, quality: 82 },
  { side: 2048, quality: 70 },
  { side: 1600, quality: 70 },
  { side: 1280, quality: 65 },
  { side: 1024, quality: 60 },
];

async function encode(input: Sharp): Promise<{ data: Buffer; info: OutputInfo } | null> {
  // Decode, rotate and downscale once; each quality attempt then only re-encodes the small bitmap.
  const first = STEPS[0]!;
  const { data: pixels, info } = await input
    .resize({ width: first.side, height: first.side, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (const step of STEPS) {
    const out = await sharp(pixels, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .resize({ width: step.side, height: step.side, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: step.quality, progressive: true })
      .toBuffer({ resolveWithObject: true });
    if (out.data.length <= PHOTO_LIMITS.maxStoredBytes) return out;
  }
  return null;
}

/** Decodes HEVC-coded HEIC with libheif (WebAssembly): sharp's prebuilt libvips has no HEVC decoder. */
async function decodeHeic(bytes: Uint8Array): Promise<Sharp> {
  const { default: decode } = await import('heic-decode');
  const image = await decode({ buffer: bytes });
  // libheif applies the container's rotation itself; raw pixels carry no metadata.
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
    limitInputPixels: PHOTO_LIMITS.maxPixels,
  });
}

export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto | { ok: false; reason: PhotoRejection }> {
  if (bytes.length > PHOTO_LIMITS.maxUploadBytes) return { ok: false, reason: 'too_large' };
  const type = sniffImageType(bytes);
  if (!type) return { ok: false, reason: 'unsupported_type' };

  let meta: Metadata;
  try {
    // Header only: nothing is decoded yet.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const expected = type === 'heic' ? 'heif' : type;
  if (meta.format !== expected || !meta.width || !meta.height) return { ok: false, reason: 'unreadable' };
  if (meta.width * meta.height > PHOTO_LIMITS.maxPixels) return { ok: false, reason: 'too_many_pixels' };

  try {
    const input =
      type === 'heic' && meta.compression === 'hevc'
        ? await decodeHeic(bytes)
        : sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error', pages: 1 }).rotate();
    const out = await encode(input);
    if (!out) return { ok: false, reason: 'too_large' };
    return { ok: true, data: out.data, contentType: 'image/jpeg', width: out.info.width, height: out.info.height };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}
