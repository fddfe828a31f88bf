import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'next-intl';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import sv from '@/messages/sv.json';
import { PHOTO_LIMITS, processPhoto, sniffImageType } from './process-photo';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../test/fixtures', name));

/** A photo as a phone writes it: EXIF with GPS coordinates and an orientation flag. */
async function phonePhoto(orientation = 1): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 200, channels: 3, background: '#7a9' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Phone', Model: 'Camera 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 10/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '24/1 56/1 789/100' },
    })
    .withMetadata({ orientation })
    .toBuffer();
}

/** The EXIF GPSInfo pointer (tag 0x8825, type LONG) in either byte order. */
function hasGpsInfo(file: Buffer): boolean {
  return file.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])) || file.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]));
}

describe('processPhoto', () => {
  it('strips EXIF and GPS from a phone photo', async () => {
    const input = await phonePhoto();
    expect(hasGpsInfo(input)).toBe(true);

    const result = await processPhoto(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const after = await sharp(result.data).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(hasGpsInfo(result.data)).toBe(false);
    expect(result.data.includes(Buffer.from('Camera 12'))).toBe(false);
    expect(input.includes(Buffer.from('Camera 12'))).toBe(true);
    expect(result.contentType).toBe('image/jpeg');
  });

  it('auto-rotates by the EXIF orientation', async () => {
    const result = await processPhoto(await phonePhoto(6));
    expect(result).toMatchObject({ ok: true, width: 200, height: 400 });
  });

  it('accepts PNG and WebP, checked by content', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 4, background: '#00000000' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#123' } }).webp().toBuffer();
    expect(await processPhoto(png)).toMatchObject({ ok: true, width: 64, height: 48 });
    expect(await processPhoto(webp)).toMatchObject({ ok: true, width: 64, height: 48 });
  });

  it('decodes an iPhone HEIC (HEVC) through libheif', async () => {
    const heic = fixture('iphone-32px.heic');
    expect(sniffImageType(heic)).toBe('heic');
    const result = await processPhoto(heic);
    expect(result).toMatchObject({ ok: true, width: 32, height: 32, contentType: 'image/jpeg' });
  });

  it('refuses a renamed executable', async () => {
    // The node binary itself, as if uploaded as "photo.jpg".
    const executable = readFileSync(process.execPath).subarray(0, 64 * 1024);
    expect(await processPhoto(executable)).toEqual({ ok: false, reason: 'unsupported_type' });
    expect(await processPhoto(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ ok: false, reason: 'unsupported_type' });
  });

  it('refuses a file over 10 MB before looking inside', async () => {
    const big = Buffer.alloc(PHOTO_LIMITS.maxUploadBytes + 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await processPhoto(big)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('refuses a 50-megapixel image', async () => {
    const fifty = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: '#abc' } })
      .jpeg({ quality: 30 })
      .toBuffer();
    expect(fifty.length).toBeLessThan(PHOTO_LIMITS.maxUploadBytes);
    expect(await processPhoto(fifty)).toEqual({ ok: false, reason: 'too_many_pixels' });
  });

  it('refuses a small PNG that would decode to 47.6 megapixels, and takes a 16 MP phone photo (issue 12, item 8)', async () => {
    // 7967 × 5975 in one colour, interlaced: ~150 KB that libvips would decode whole (~150–200 MB, ~0.8 s).
    const png = await sharp({ create: { width: 7967, height: 5975, channels: 3, background: '#88aa66' } })
      .png({ compressionLevel: 9, progressive: true })
      .toBuffer();
    expect(png.length).toBeLessThan(200 * 1024);
    const started = performance.now();
    expect(await processPhoto(png)).toEqual({ ok: false, reason: 'too_many_pixels' });
    // Refused from the header: no decode happened.
    expect(performance.now() - started).toBeLessThan(300);
    // 4608 × 3456 (a 16 MP phone camera's default) is still a photo we take.
    const phone16 = await sharp({ create: { width: 4608, height: 3456, channels: 3, background: '#abc' } }).jpeg({ quality: 60 }).toBuffer();
    expect(await processPhoto(phone16)).toMatchObject({ ok: true, width: 2048, height: 1536 });
  });

  it('refuses a pixel bomb from its header alone, before decoding', async () => {
    // A PNG that claims 60 000 × 60 000 pixels and carries almost no data.
    const real = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    const bomb = Buffer.from(real);
    bomb.writeUInt32BE(60_000, 16);
    bomb.writeUInt32BE(60_000, 20);
    expect(await processPhoto(bomb)).toEqual({ ok: false, reason: 'too_many_pixels' });
  });

  it('refuses a truncated image as unreadable', async () => {
    const jpeg = await phonePhoto();
    expect(await processPhoto(jpeg.subarray(0, 40))).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('every refusal has a clear message in every language', () => {
    for (const [locale, messages] of [['en', en], ['fi', fi], ['sv', sv]] as const) {
      const t = createTranslator({ locale, messages, namespace: 'photos' });
      for (const reason of ['unsupported_type', 'too_large', 'too_many_pixels', 'unreadable'] as const) {
        const text = t(`errors.${reason}`, { maxMegabytes: 10 });
        expect(text.length).toBeGreaterThan(20);
      }
    }
    const t = createTranslator({ locale: 'en', messages: en, namespace: 'photos' });
    expect(t('errors.unsupported_type', { maxMegabytes: 10 })).toMatch(/JPEG, PNG, WebP or HEIC/);
    expect(t('errors.too_large', { maxMegabytes: 10 })).toContain('10 MB');
  });
});
