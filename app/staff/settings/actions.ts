'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ErrorCode, type FieldErrors, fieldErrorsFromZod, isAppError, toActionResult } from '@/lib/errors';
import { getTranslations } from 'next-intl/server';
import type { Refusal } from '@/lib/returns/policy';
import { previewReturnPolicy, type PolicyPreviewDto } from '@/lib/returns/preview-return-policy';
import { refusalMessage, type ReturnsTranslate } from '@/lib/returns/refusal-message';
import { saveReturnPolicy } from '@/lib/returns/save-return-policy';
import { removeLogo, saveBranding, uploadLogo } from '@/lib/settings/save-branding';
import { resetEmailTemplate, saveEmailTemplates } from '@/lib/settings/save-email-templates';
import { getShopSettings } from '@/lib/settings/shop';
import { staffCtx } from '@/lib/staff/ctx';
import { staffLocale } from '../_components/staff-locale';

/** What a settings form gets back: done, or the error code with localized-by-key field messages. */
export type SettingsActionState<T = void> = { ok: true; data?: T } | { ok: false; code: ErrorCode; fieldErrors?: FieldErrors };

async function run<T>(fn: () => Promise<T>, revalidate: string[] = []): Promise<SettingsActionState<T>> {
  try {
    const data = await fn();
    for (const path of [...revalidate, '/staff/settings']) revalidatePath(path, 'page');
    return { ok: true, data };
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, code: 'invalid_input', fieldErrors: fieldErrorsFromZod(error) };
    if (isAppError(error)) {
      const details = error.details && typeof error.details === 'object' ? (error.details as FieldErrors) : undefined;
      return { ok: false, code: error.code, fieldErrors: error.code === 'invalid_input' ? details : undefined };
    }
    return toActionResult(error) as SettingsActionState<T>;
  }
}

// staffCtx({ role: 'admin' }) refuses agents before the use case (which checks again).
export async function saveReturnPolicyAction(input: unknown): Promise<SettingsActionState<{ id: string }>> {
  return run(async () => saveReturnPolicy(await staffCtx({ role: 'admin' }), input), ['/staff/settings/returns']);
}

/** The preview with each "no" as the sentence the customer would read (in the admin's language). */
export type PolicyPreviewView = Omit<PolicyPreviewDto, 'lines'> & { orderWhy: string | null; lines: Array<PolicyPreviewDto['lines'][number] & { why: string | null }> };

export async function previewReturnPolicyAction(input: { policy: unknown; orderNumber: unknown }): Promise<SettingsActionState<PolicyPreviewView>> {
  return run(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const [shop, locale] = await Promise.all([getShopSettings(), staffLocale()]);
    const preview = await previewReturnPolicy(ctx, input, { timeZone: shop.timeZone, locale });
    const t = await getTranslations({ locale, namespace: 'returns' });
    const why = (refusal: Refusal | null) => (refusal ? refusalMessage(t as unknown as ReturnsTranslate, refusal, { locale, currency: preview.currency }) : null);
    return { ...preview, orderWhy: why(preview.orderRefusal), lines: preview.lines.map((line) => ({ ...line, why: why(line.refusal) })) };
  });
}

export async function saveBrandingAction(input: unknown): Promise<SettingsActionState> {
  return run(async () => void (await saveBranding(await staffCtx({ role: 'admin' }), input)), ['/staff/settings/branding']);
}

export async function uploadLogoAction(form: FormData): Promise<SettingsActionState> {
  return run(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const file = form.get('logo');
    const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    await uploadLogo(ctx, bytes);
  }, ['/staff/settings/branding']);
}

export async function removeLogoAction(): Promise<SettingsActionState> {
  return run(async () => removeLogo(await staffCtx({ role: 'admin' })), ['/staff/settings/branding']);
}

export async function saveEmailTemplatesAction(input: unknown): Promise<SettingsActionState<{ overridden: number }>> {
  return run(async () => saveEmailTemplates(await staffCtx({ role: 'admin' }), input), ['/staff/settings/emails']);
}

export async function resetEmailTemplateAction(input: unknown): Promise<SettingsActionState> {
  return run(async () => resetEmailTemplate(await staffCtx({ role: 'admin' }), input), ['/staff/settings/emails']);
}
