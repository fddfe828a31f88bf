/**
 * Branding: shop name, accent colour, support contact and logo. Pure parts (no `server-only`): the
 * label renderer and the email layout use them from the worker too.
 */
import { z } from 'zod';

/** WCAG relative luminance of '#rrggbb'. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Contrast ratio of a colour against white (text on the accent, links on white): 1 … 21. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;

// '' and null both mean "not set" (the parsed output is valid input again).
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .nullable()
    .transform((v) => (v === '' || v === null ? null : v));

/** The branding form, its server action and the use case. Messages are keys under `staffSettings.errors`. */
export const brandingInputSchema = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'tooLong'),
  accentColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'color')
    .transform((v) => v.toLowerCase())
    .refine((v) => contrastWithWhite(v) >= MIN_CONTRAST, 'contrast'),
  supportEmail: optionalText(320).refine((v) => v === null || z.email().safeParse(v).success, 'email'),
  supportPhone: optionalText(40).refine((v) => v === null || /^\+?[0-9 ()-]{5,40}$/.test(v), 'phone'),
  supportUrl: optionalText(300).refine((v) => v === null || (z.url({ protocol: /^https?$/ }).safeParse(v).success), 'url'),
});
export type BrandingForm = z.input<typeof brandingInputSchema>;
export type BrandingInput = z.output<typeof brandingInputSchema>;

/** Logo uploads: PNG or JPEG only (SVG can carry script), at most 1 MB, re-encoded to PNG. */
export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MAX_BOX = { width: 480, height: 160 } as const;

/** Where customer pages and emails load the logo from; the version makes every new logo a new URL. */
export function logoPath(version: string): string {
  return `/api/brand/logo?v=${encodeURIComponent(version)}`;
}
