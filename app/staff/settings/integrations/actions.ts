'use server';

import { addShopifyIntegration, addWooIntegration, removeIntegration } from '@/lib/platforms/integrations';
import { runBackfill, testConnection } from '@/lib/platforms/run-backfill';
import type { AddShopifyInput, AddWooInput } from '@/lib/platforms/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const PATH = ['/staff/settings/integrations'];
const ID = /^[0-9a-f-]{36}$/i;

/** Only the shop domain, token and secret: the loopback API override is for the CLI and tests. */
export async function addShopifyAction(input: AddShopifyInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    await addShopifyIntegration(ctx, { shopDomain: input?.shopDomain, accessToken: input?.accessToken, webhookSecret: input?.webhookSecret });
    return { ok: true, done: 'added' };
  }, PATH);
}

/** A WooCommerce store: site URL, REST key and webhook secret (the loopback API override is for the CLI and tests). */
export async function addWooAction(input: AddWooInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    await addWooIntegration(ctx, { url: input?.url, consumerKey: input?.consumerKey, consumerSecret: input?.consumerSecret, webhookSecret: input?.webhookSecret });
    return { ok: true, done: 'added' };
  }, PATH);
}

export async function removeIntegrationAction(input: { id: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    await removeIntegration(ctx, typeof input?.id === 'string' && ID.test(input.id) ? input.id : '');
    return { ok: true, done: 'removed' };
  }, PATH);
}

export async function backfillAction(input: { id: string; days: string | number }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const result = await runBackfill(ctx, typeof input?.id === 'string' ? input.id : '', input?.days, AbortSignal.timeout(120_000));
    return { ok: true, done: 'backfilled', values: { orders: result.orders, created: result.created, updated: result.updated, stale: result.stale, skipped: result.skipped } };
  }, PATH);
}

export async function testConnectionAction(input: { id: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx({ role: 'admin' });
    const result = await testConnection(ctx, typeof input?.id === 'string' ? input.id : '', AbortSignal.timeout(20_000));
    const values: Record<string, string> = result.ok ? { name: result.name } : { message: result.message };
    return { ok: true, done: result.ok ? 'connected' : 'notConnected', values };
  });
}
