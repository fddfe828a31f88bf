import type { FieldErrors as RhfErrors, FieldValues, UseFormSetError, Path } from 'react-hook-form';
import type { FieldErrors } from '@/lib/errors';

/** Server field errors (zod paths joined by '.') into the form, so each shows beside its field. */
export function applyServerErrors<T extends FieldValues>(setError: UseFormSetError<T>, errors: FieldErrors | undefined): void {
  for (const [path, messages] of Object.entries(errors ?? {})) setError((path === '_' ? 'root' : path) as Path<T>, { type: 'server', message: messages[0] });
}

/** The message key of a field's error, by dotted path. */
export function errorAt(errors: RhfErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  const message = node && typeof node === 'object' ? (node as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}
