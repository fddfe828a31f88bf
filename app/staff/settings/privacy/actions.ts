'use server';

import { z } from 'zod';
import { fieldErrorsFromZod, isAppError, toActionResult, type ErrorCode, type FieldErrors } from '@/lib/errors';
import { eraseCustomer, type EraseResult } from '@/lib/privacy/erase-customer';
import { exportCustomer, type CustomerExport } from '@/lib/privacy/export-customer';
import type { RetentionInput } from '@/lib/privacy/retention-schema';
import { saveRetentionSettings } from '@/lib/privacy/save-retention';
import type { EraseCustomerInput, ExportCustomerInput } from '@/lib/privacy/schemas';
import { staffCtx } from '@/lib/staff/ctx';

export type PrivacyActionResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; fieldErrors?: FieldErrors };

// staffCtx({ role: 'admin' }) refuses agents before the use case (which checks again).
async function run<T>(fn: () => Promise<T>): Promise<PrivacyActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, code: 'invalid_input', fieldErrors: fieldErrorsFromZod(error) };
    if (isAppError(error)) return { ok: false, code: error.code };
    return toActionResult(error);
  }
}

export async function saveRetentionAction(input: RetentionInput): Promise<PrivacyActionResult<null>> {
  return run(async () => {
    await saveRetentionSettings(await staffCtx({ role: 'admin' }), input);
    return null;
  });
}

export async function exportCustomerAction(input: ExportCustomerInput): Promise<PrivacyActionResult<CustomerExport>> {
  return run(async () => exportCustomer(await staffCtx({ role: 'admin' }), input));
}

export async function eraseCustomerAction(input: EraseCustomerInput): Promise<PrivacyActionResult<EraseResult>> {
  return run(async () => eraseCustomer(await staffCtx({ role: 'admin' }), input));
}
