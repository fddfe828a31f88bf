import { eq } from 'drizzle-orm';
import { staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { recordEvent } from '@/lib/core/events';
import { type AgentRoutingInput, agentRoutingSchema } from './schemas';

/** Settings → Staff: the languages an agent answers in and their capacity for automatic assignment; admin only, audited. */
export async function setAgentRouting(ctx: Ctx, input: AgentRoutingInput): Promise<void> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const data = agentRoutingSchema.parse(input);
  const languages = [...new Set(data.languages)];
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ languages: staffUsers.languages, capacity: staffUsers.capacity }).from(staffUsers).where(eq(staffUsers.id, data.staffId)).for('update');
    if (!before) throw new AppError('not_found');
    await tx.update(staffUsers).set({ languages, capacity: data.capacity, updatedAt: new Date() }).where(eq(staffUsers.id, data.staffId));
    await recordEvent(tx, { actor, type: 'staff.routing_changed', data: { staffId: data.staffId, before, after: { languages, capacity: data.capacity } } });
  });
}
