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

/**
 * Staff answer a claim: accept it with what the customer gets, or decline it with the reason. The
 * message goes into the customer's email. Messages are catalog keys (`claimDecision.errors.<key>`).
 */
export const claimDecisions = ['approved', 'rejected'] as const;
export const claimOutcomeRemedies = ['replacement', 'refund', 'keep_with_partial_refund'] as const;
export const decideClaimSchema = z
  .object({
    claimId: z.uuid(),
    decision: z.enum(claimDecisions, { error: 'decisionRequired' }),
    remedy: z.enum(claimOutcomeRemedies).nullable().default(null),
    message: z
      .string()
      .trim()
      .max(2000, 'messageTooLong')
      .refine((v) => !v.includes('\u0000'), 'messageTooLong')
      .default(''),
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'approved' && !value.remedy) ctx.addIssue({ code: 'custom', path: ['remedy'], message: 'remedyRequired' });
    if (value.decision === 'rejected' && !value.message) ctx.addIssue({ code: 'custom', path: ['message'], message: 'messageRequired' });
  });
export type DecideClaimInput = z.input<typeof decideClaimSchema>;
