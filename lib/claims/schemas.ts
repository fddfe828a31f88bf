import { z } from 'zod';
import { claimRemedies, claimTypes, allowedRemedies, isParcelClaim } from './state';

/**
 * One schema for the claim form (react-hook-form), the server action and the use case. Messages are
 * catalog keys (`claims.errors.<key>`). Photos travel beside it as files and are checked by C6.
 */
export const claimSchema = z
  .object({
    type: z.enum(claimTypes, { error: 'typeRequired' }),
    lines: z
      .array(z.object({ orderLineId: z.uuid(), quantity: z.int().min(1).max(10_000) }))
      .max(100)
      .default([]),
    shipmentId: z.uuid().nullable().default(null),
    description: z
      .string()
      .trim()
      .min(1, 'descriptionRequired')
      .max(2000, 'tooLong')
      .refine((v) => !v.includes('\u0000'), 'invalid'),
    remedy: z.enum(claimRemedies).nullable().default(null),
    idempotencyKey: z.string().min(8).max(100),
  })
  .superRefine((value, ctx) => {
    if (isParcelClaim(value.type)) {
      if (!value.shipmentId) ctx.addIssue({ code: 'custom', path: ['shipmentId'], message: 'parcelRequired' });
      return;
    }
    if (value.lines.length === 0) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'linesRequired' });
    if (!value.remedy || !allowedRemedies(value.type).includes(value.remedy)) ctx.addIssue({ code: 'custom', path: ['remedy'], message: 'remedyRequired' });
  });
export type ClaimInput = z.input<typeof claimSchema>;
export type ClaimData = z.output<typeof claimSchema>;
