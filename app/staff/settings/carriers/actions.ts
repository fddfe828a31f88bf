'use server';

import { type BookingConnectionResult, endWebhookRotation, rotateWebhookSecret, setCarrierSecret, testCarrierBookingConnection, updateCarrierConnection } from '@/lib/staff-admin/carrier-settings';
import { saveDelayThresholds } from '@/lib/staff-admin/delay-settings-form';
import type { CarrierFormInput, CarrierSecretInput, DelayFormInput } from '@/lib/staff-admin/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const PATH = ['/staff/settings/carriers'];

export async function saveCarrierConnectionAction(input: CarrierFormInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await updateCarrierConnection(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'carrierSaved' };
  }, PATH);
}

export async function setCarrierSecretAction(input: CarrierSecretInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await setCarrierSecret(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'secretSet' };
  }, PATH);
}

/** The generated secret comes back once, in this response only. */
export async function rotateWebhookSecretAction(input: { carrier: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const { secret } = await rotateWebhookSecret(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'secretRotated', values: { secret } };
  }, PATH);
}

export async function endWebhookRotationAction(input: { carrier: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await endWebhookRotation(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'previousCleared' };
  }, PATH);
}

export async function saveDelayThresholdsAction(input: DelayFormInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await saveDelayThresholds(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'delaysSaved' };
  }, PATH);
}

/** Calls the carrier's booking API with the stored credentials; the result names the outcome, never a secret. */
export async function testCarrierConnectionAction(input: { carrier: string }): Promise<BookingConnectionResult | { result: 'error' }> {
  try {
    return await testCarrierBookingConnection(await staffCtx({ role: 'admin' }), input);
  } catch {
    return { result: 'error' };
  }
}
