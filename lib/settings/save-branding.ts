import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { LOGO_SETTING } from './logo';
import { brandingInputSchema, LOGO_MAX_BOX, LOGO_MAX_BYTES } from './branding';
import { writeSetting } from './save-setting';
import { authorize } from '@/lib/core/authorize';

/** The stored shop row as it is (fields other modules keep there survive a branding save). */
async function rawShop(tx: DbOrTx): Promise<Record<string, unknown>> {
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop'));
  return row?.value && typeof row.value === 'object' && !Array.isArray(row.value) ? (row.value as Record<string, unknown>) : {};
}

/** Saves name, accent colour and support contact into the shop settings (audited as `shop`). */
export async function saveBranding(ctx: Ctx, input: unknown): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const branding = brandingInputSchema.parse(input);
  await ctx.db.transaction(async (tx) => {
    const shop = await rawShop(tx);
    await writeSetting(tx, actor, 'shop', { ...shop, ...branding });
  });
}

/** A logo the upload refused, with the reason the form shows. */
export class LogoError extends AppError {
  constructor(readonly reason: 'logoType' | 'logoSize' | 'logoUnreadable') {
    super('invalid_input', reason, { details: { logo: [reason] } });
  }
}

/**
 * Takes an uploaded logo: PNG or JPEG by its content (not its name or declared type), at most
 * 1 MB, re-encoded by sharp to a PNG that fits 480 × 160 — which also drops metadata and anything
 * else the file carried. SVG and every other format are refused.
 */
export async function normalizeLogo(bytes: Uint8Array): Promise<{ png: Buffer; width: number; height: number }> {
  if (bytes.byteLength === 0) throw new LogoError('logoUnreadable');
  if (bytes.byteLength > LOGO_MAX_BYTES) throw new LogoError('logoSize');
  let format: string | undefined;
  try {
    format = (await sharp(bytes).metadata()).format;
  } catch {
    throw new LogoError('logoUnreadable');
  }
  if (format !== 'png' && format !== 'jpeg') throw new LogoError('logoType');
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize({ ...LOGO_MAX_BOX, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch {
    throw new LogoError('logoUnreadable');
  }
}

export async function uploadLogo(ctx: Ctx, bytes: Uint8Array): Promise<{ version: string }> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const logo = await normalizeLogo(bytes);
  const version = createHash('sha256').update(logo.png).digest('hex').slice(0, 16);
  await ctx.db.transaction(async (tx) => {
    // The bytes are not audited (the shop row's `logo.version` change is).
    await writeSetting(tx, actor, LOGO_SETTING, { png: logo.png.toString('base64'), version }, { audit: false });
    const shop = await rawShop(tx);
    await writeSetting(tx, actor, 'shop', { ...shop, logo: { version, width: logo.width, height: logo.height } });
  });
  return { version };
}

export async function removeLogo(ctx: Ctx): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(settings).where(eq(settings.key, LOGO_SETTING));
    const shop = await rawShop(tx);
    await writeSetting(tx, actor, 'shop', { ...shop, logo: null });
  });
}
