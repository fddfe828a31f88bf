import { z } from 'zod';

/** Messages are catalog keys under `staffPrivacy.errors`. */
export const subjectEmailSchema = z.string().trim().toLowerCase().max(320, 'emailInvalid').pipe(z.email('emailInvalid'));

export const exportCustomerSchema = z.object({ email: subjectEmailSchema });
export type ExportCustomerInput = z.input<typeof exportCustomerSchema>;

/** Erasure is confirmed by typing the address a second time (step two of the UI). */
export const eraseCustomerSchema = z
  .object({ email: subjectEmailSchema, confirmEmail: z.string().trim().toLowerCase() })
  .refine((v) => v.email === v.confirmEmail, { path: ['confirmEmail'], message: 'confirmMismatch' });
export type EraseCustomerInput = z.input<typeof eraseCustomerSchema>;
