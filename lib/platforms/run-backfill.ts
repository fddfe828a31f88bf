/**
 * Backfill and connection test of one stored integration (CLI, admin page). The orders go in one transaction
 * each (the connector's backfill); what the run did is stored on the integration with an audit row.
 */
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { openIntegration, recordBackfill } from './integrations';
import type { BackfillResult, ConnectionResult, ProductBackfillResult } from './platform';
import { platformOf } from './registry';
import { backfillDaysSchema } from './schemas';

async function load(ctx: Ctx, id: string) {
  if (ctx.actor.type !== 'system') authorize(ctx.actor, 'settings.manage');
  const integration = await openIntegration(ctx.db, id);
  if (!integration) throw new AppError('not_found', 'No such integration (or its secrets no longer open with this APP_SECRET).');
  return { integration, platform: platformOf(integration.platform)! };
}

export async function runBackfill(ctx: Ctx, id: string, rawDays: unknown, signal?: AbortSignal): Promise<BackfillResult> {
  const days = backfillDaysSchema.parse(rawDays);
  const { integration, platform } = await load(ctx, id);
  let result: BackfillResult;
  try {
    result = await platform.backfill(ctx, integration, days, signal);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db.transaction(async (tx) => {
      await recordBackfill(tx, id, { days, error: message });
      await recordEvent(tx, { actor: ctx.actor, type: 'integration.backfill_failed', data: { integrationId: id, days, error: message } });
    });
    throw new AppError('unavailable', `The backfill stopped: ${message}`, { cause: error });
  }
  await ctx.db.transaction(async (tx) => {
    await recordBackfill(tx, id, result);
    await recordEvent(tx, { actor: ctx.actor, type: 'integration.backfilled', data: { integrationId: id, ...result } });
  });
  return result;
}

/**
 * The shop's whole catalogue (products, variants, options, stock) into ours; each variant upserted carries its own
 * audit row (`variant.upserted`), so the run itself stores nothing more. Webhooks keep it fresh afterwards.
 */
export async function runProductBackfill(ctx: Ctx, id: string, signal?: AbortSignal): Promise<ProductBackfillResult> {
  const { integration, platform } = await load(ctx, id);
  if (!platform.backfillProducts) throw new AppError('invalid_input', `Products are not read from ${platform.id} yet; its variants come from the merchant API.`);
  try {
    return await platform.backfillProducts(ctx, integration, signal);
  } catch (error) {
    throw new AppError('unavailable', `The product backfill stopped: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export async function testConnection(ctx: Ctx, id: string, signal?: AbortSignal): Promise<ConnectionResult> {
  const { integration, platform } = await load(ctx, id);
  return platform.testConnection(integration, signal);
}
