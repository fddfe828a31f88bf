'use server';

import { AppError } from '@/lib/errors';
import { staffCtx } from '@/lib/staff/ctx';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from '@/lib/webhooks/schemas';
import { resendWebhookDelivery, sendTestWebhook } from '@/lib/webhooks/send-test-webhook';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const LIST = '/staff/settings/webhooks';
const isId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);
function idOf(value: unknown): string {
  if (!isId(value)) throw new AppError('invalid_input');
  return value;
}

/** The `whsec_…` secret comes back once, in this response only; it is stored sealed. */
export async function createWebhookEndpointAction(input: CreateWebhookEndpointInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const created = await createWebhookEndpoint(ctx, { url: input?.url, events: input?.events, description: input?.description });
    return { ok: true, done: 'endpointCreated', values: { id: created.id, secret: created.secret } };
  }, [LIST]);
}

export async function updateWebhookEndpointAction(input: { id: string } & UpdateWebhookEndpointInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const { id, ...patch } = input ?? ({} as { id: string });
    await updateWebhookEndpoint(ctx, idOf(id), patch);
    return { ok: true, done: 'endpointSaved' };
  }, [LIST, `${LIST}/${isId(input?.id) ? input.id : ''}`]);
}

export async function deleteWebhookEndpointAction(input: { id: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    await deleteWebhookEndpoint(ctx, idOf(input?.id));
    return { ok: true, done: 'endpointDeleted' };
  }, [LIST]);
}

/** The new secret comes back once; the previous one keeps signing too for 24 hours. */
export async function rotateEndpointSecretAction(input: { id: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const rotated = await rotateWebhookSecret(ctx, idOf(input?.id));
    return { ok: true, done: 'secretRotated', values: { secret: rotated.secret } };
  });
}

export async function sendTestWebhookAction(input: { id: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const id = idOf(input?.id);
    await sendTestWebhook(ctx, id);
    return { ok: true, done: 'testQueued' };
  }, [`${LIST}/${isId(input?.id) ? input.id : ''}`]);
}

export async function resendWebhookDeliveryAction(input: { id: string; deliveryId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    await resendWebhookDelivery(ctx, { endpointId: idOf(input?.id), deliveryId: idOf(input?.deliveryId) });
    return { ok: true, done: 'deliveryResent' };
  }, [`${LIST}/${isId(input?.id) ? input.id : ''}`]);
}
