import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { reasonOf } from '@/lib/compensations/money-errors';
import { type ErrorCode, type FieldErrors, fieldErrorsFromZod, isAppError, toActionResult } from '@/lib/errors';

/** What a staff form gets back: a done-message key, or the error code plus a specific reason and field errors. */
export type StaffActionState =
  | { ok: null }
  | { ok: true; done: string; values?: Record<string, string | number> }
  | { ok: false; code: ErrorCode; reason?: string; values?: Record<string, string>; fieldErrors?: FieldErrors };

/** The facts a reason's message names (the open booking a fill was refused for), as the use case gave them in `details.values`. */
function valuesOf(details: unknown): { values?: Record<string, string> } {
  if (!details || typeof details !== 'object' || !('values' in details) || !details.values || typeof details.values !== 'object') return {};
  return { values: Object.fromEntries(Object.entries(details.values).map(([key, value]) => [key, String(value)])) };
}

/** Runs a use case for a server action: known errors become a result, the page data is refreshed. */
export async function runStaffAction(fn: () => Promise<Extract<StaffActionState, { ok: true }>>, revalidate: string[] = []): Promise<StaffActionState> {
  try {
    const result = await fn();
    for (const path of revalidate) revalidatePath(path, 'page');
    return result;
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, code: 'invalid_input', fieldErrors: fieldErrorsFromZod(error) };
    if (isAppError(error)) return { ok: false, code: error.code, reason: reasonOf(error), ...valuesOf(error.details) };
    return toActionResult(error) as StaffActionState;
  }
}
