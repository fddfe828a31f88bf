import { z } from 'zod';

export const csatTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalidLink');
export const csatScoreSchema = z.object({ token: csatTokenSchema, score: z.coerce.number().int().min(1, 'scoreRequired').max(5, 'scoreRequired') });
export const csatCommentSchema = z.object({ token: csatTokenSchema, comment: z.string().trim().min(1, 'commentRequired').max(2000, 'commentTooLong') });
export type CsatCommentInput = z.input<typeof csatCommentSchema>;
export const resendCsatSchema = z.object({ caseId: z.uuid() });
