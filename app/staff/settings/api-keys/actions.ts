'use server';

import { createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import type { CreateApiKeyInput } from '@/lib/api-keys/schemas';
import { AppError } from '@/lib/errors';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const PATH = ['/staff/settings/api-keys'];

/** The key comes back once, in this response only; only its prefix and hash are stored. */
export async function createApiKeyAction(input: CreateApiKeyInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const created = await createApiKey(ctx, { name: input?.name, scopes: input?.scopes, createdByStaffId: ctx.staff.staffId });
    return { ok: true, done: 'keyCreated', values: { key: created.key, prefix: created.prefix } };
  }, PATH);
}

export async function revokeApiKeyAction(input: { prefix: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    if (typeof input?.prefix !== 'string' || !/^[a-f0-9]{12}$/.test(input.prefix)) throw new AppError('invalid_input');
    await revokeApiKey(ctx, { prefix: input.prefix });
    return { ok: true, done: 'keyRevoked' };
  }, PATH);
}
