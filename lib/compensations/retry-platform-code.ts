import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { compensationPlatformCodes, compensations, platformIntegrations } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/core/errors';
import { recordEvent } from '@/lib/core/events';

export const retryPlatformCodeSchema = z.object({ compensationId: z.uuid() });

/**
 * "Try again" on a code the shop's platform refused (the case's goodwill panel): the row goes back to `pending`
 * with a fresh round of attempts and the worker creates it (same code; a code the platform did make after all is
 * found by its look-up, not made twice), then emails the customer (lib/platforms/platform-codes.ts).
 */
export async function retryPlatformCode(ctx: Ctx, raw: unknown): Promise<void> {
  const actor = authorize(ctx.actor, 'compensations.grant');
  const input = retryPlatformCodeSchema.safeParse(raw);
  if (!input.success) throw new AppError('not_found');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ code: compensationPlatformCodes, caseId: compensations.caseId, platform: platformIntegrations.platform })
      .from(compensationPlatformCodes)
      .innerJoin(compensations, eq(compensations.id, compensationPlatformCodes.compensationId))
      .innerJoin(platformIntegrations, eq(platformIntegrations.id, compensationPlatformCodes.integrationId))
      .where(eq(compensationPlatformCodes.compensationId, input.data.compensationId))
      .for('update', { of: compensationPlatformCodes });
    if (!row) throw new AppError('not_found');
    if (row.code.status !== 'failed') throw new AppError('invalid_state', 'Only a code the platform refused can be sent again.');
    const now = new Date();
    await tx
      .update(compensationPlatformCodes)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now })
      .where(eq(compensationPlatformCodes.compensationId, row.code.compensationId));
    await recordEvent(tx, {
      actor,
      type: 'compensation.platform_code_retried',
      caseId: row.caseId,
      data: { compensationId: row.code.compensationId, orderId: row.code.orderId, platform: row.platform, previousMessage: row.code.lastError },
    });
  });
}
