import type { Ctx } from '@/lib/core/actor';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { lockReturnFor } from './lock-return';
import { approveReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** An approved return whose label could not be made at approval: staff try again (C7 writes the audit row and email). */
export async function retryReturnLabel(ctx: Ctx, raw: { returnId: string }): Promise<{ trackingNumber: string }> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = approveReturnSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    await lockReturnFor(tx, input.returnId, 'issue_label');
    const label = await issueReturnLabel(ctx.db, tx, { returnId: input.returnId, actor });
    return { trackingNumber: label.trackingNumber };
  });
}
