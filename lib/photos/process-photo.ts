import sharp from 'sharp';

// C6 — owner: returns. Placeholder from the labels branch with the agreed signature and a simple,
// correct sharp implementation; the returns engineer's file replaces it at merge.

export const PHOTO_LIMITS = { maxUploadBytes: 10 * 1024 * 1024, maxStoredBytes: 1024 * 1024, maxPixels: 50_000_000 - 1, maxPerItem: 5 } as const;
export type PhotoRejection = 'unsupported_type' | 'too_large' | 'too_many_pixels' | 'unreadable';

function sniff(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | 'heic' | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && /^(heic|heix|hevc|hevx|mif1|msf1)$/.test(ascii(8, 12))) return 'heic';
  return null;
}

/** Checks type by content (JPEG/PNG/WebP/HEIC), size and pixel count; re-encodes with sharp to ≤ 1 MB, metadata stripped. */
export async function processPhoto(
  bytes: Uint8Array,
): Promise<{ ok: true; data: Buffer; contentType: 'image/jpeg' | 'image/webp'; width: number; height: number } | { ok: false; reason: PhotoRejection }> {
  if (bytes.byteLength > PHOTO_LIMITS.maxUploadBytes) return { ok: false, reason: 'too_large' };
  if (!sniff(bytes)) return { ok: false, reason: 'unsupported_type' };
  try {
    const meta = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels }).metadata();
    if (!meta.width || !meta.height) return { ok: false, reason: 'unreadable' };
    if (meta.width * meta.height > PHOTO_LIMITS.maxPixels) return { ok: false, reason: 'too_many_pixels' };
    // Re-encoding drops EXIF (GPS included); rotate() first bakes the orientation in.
    for (const [edge, quality] of [
      [2048, 82],
      [1600, 75],
      [1200, 70],
      [800, 60],
    ] as const) {
      const { data, info } = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels })
        .rotate()
        .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      if (data.byteLength <= PHOTO_LIMITS.maxStoredBytes) return { ok: true, data, contentType: 'image/jpeg', width: info.width, height: info.height };
    }
    return { ok: false, reason: 'too_large' };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}
