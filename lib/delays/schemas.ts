import { z } from 'zod';

export const REMEDY_VALUES = ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund', 'replacement'] as const;

/** The token in a remedy link: base64url, as minted with the notice. Anything else is not a link of ours. */
export const remedyTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);

/** The customer's choice on the remedy page (form, action and use case). */
export const remedyChoiceSchema = z.object({ token: remedyTokenSchema, remedy: z.enum(REMEDY_VALUES) });
export type RemedyChoiceInput = z.infer<typeof remedyChoiceSchema>;

/** Staff: send to or dismiss a selection of incidents. */
export const incidentSelectionSchema = z.object({ incidentIds: z.array(z.uuid()).min(1, 'selectSome').max(1000) });
export type IncidentSelectionInput = z.infer<typeof incidentSelectionSchema>;

const KINDS = ['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached', 'carrier_exception', 'failed_attempt', 'pickup_expiring'] as const;

/** Staff: the send policy of every kind (admin). */
export const sendPolicySchema = z.object({ sendPolicy: z.partialRecord(z.enum(KINDS), z.enum(['auto', 'manual'])) });
export type SendPolicyInput = z.infer<typeof sendPolicySchema>;

/** Staff: the history's keyset cursor (`<iso time>_<notice id>`). */
export const historyQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
});

/** Staff: "send to all" in one group, named by its key parts. */
export const delayGroupSchema = z.object({
  kind: z.enum(KINDS),
  carrier: z.string().min(1).max(40),
  area: z.string().max(16),
});
export type DelayGroupInput = z.infer<typeof delayGroupSchema>;
