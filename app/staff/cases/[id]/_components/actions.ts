'use server';

import { decideClaim } from '@/lib/claims/decide-claim';
import type { DecideClaimInput } from '@/lib/claims/schemas';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { retryPlatformCode } from '@/lib/compensations/retry-platform-code';
import type { GoodwillInput } from '@/lib/compensations/schemas';
import { resendCsatSurvey } from '@/lib/csat/resend-csat-survey';
import { retryRefund } from '@/lib/refunds/retry-refund';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { completeReturn } from '@/lib/returns/staff/complete-return';
import { inspectReturn } from '@/lib/returns/staff/inspect-return';
import { rejectReturn } from '@/lib/returns/staff/reject-return';
import { refetchReturnLabel } from '@/lib/returns/staff/refetch-return-label';
import { rebookReturnLabel } from '@/lib/returns/staff/rebook-return-label';
import { retryReturnLabel } from '@/lib/returns/staff/retry-return-label';
import type { InspectReturnInput, RejectReturnInput, ResolveReturnInput } from '@/lib/returns/staff/schemas';
import { type BookedParcel, bookPendingParcel } from '@/lib/shipments/book-pending-parcel';
import { dismissParcelBooking } from '@/lib/shipments/dismiss-parcel-booking';
import { rebookPendingParcel } from '@/lib/shipments/rebook-pending-parcel';
import { shipPendingParcel } from '@/lib/shipments/ship-pending-parcel';
import type { BookPendingParcelInput, ShipPendingParcelInput } from '@/lib/shipments/schemas';
import { detailsOf } from '@/lib/errors';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../../_components/staff-action';

// Thin: authenticate (inside runStaffAction, so "session ended" is a message), call the use case, map errors.
const casePath = '/staff/cases/[id]';

export async function approveReturnAction(input: { returnId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const result = await approveReturn(await staffCtx(), input);
    return { ok: true, done: result.status === 'label_issued' ? 'approved' : 'approvedNoLabel' };
  }, [casePath]);
}

export async function retryReturnLabelAction(input: { returnId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await retryReturnLabel(await staffCtx(), input);
    return { ok: true, done: 'labelIssued' };
  }, [casePath]);
}

export async function rebookReturnLabelAction(input: { returnId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await rebookReturnLabel(await staffCtx(), input);
    return { ok: true, done: 'rebooked' };
  }, [casePath]);
}

export async function refetchReturnLabelAction(input: { returnId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const { outcome } = await refetchReturnLabel(await staffCtx(), input);
    return { ok: true, done: outcome === 'still_missing' ? 'labelStillMissing' : 'labelFetched' };
  }, [casePath]);
}

export async function rejectReturnAction(input: RejectReturnInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await rejectReturn(await staffCtx(), input);
    return { ok: true, done: 'rejected' };
  }, [casePath]);
}

export async function inspectReturnAction(input: InspectReturnInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await inspectReturn(await staffCtx(), input);
    return { ok: true, done: 'inspected' };
  }, [casePath]);
}

export async function completeReturnAction(input: ResolveReturnInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await completeReturn(await staffCtx(), input);
    return { ok: true, done: 'completed' };
  }, [casePath]);
}

export async function shipPendingParcelAction(input: ShipPendingParcelInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await shipPendingParcel(await staffCtx(), input);
    return { ok: true, done: 'parcelSent' };
  }, [casePath]);
}

/** A refused booking keeps the carrier's own message, which staff see inside a localized sentence. */
export type BookParcelState = StaffActionState | { ok: false; code: 'invalid_state'; reason: 'carrier_refused'; carrierMessage: string };

export async function bookPendingParcelAction(input: BookPendingParcelInput): Promise<BookParcelState> {
  return runBooking(async () => bookPendingParcel(await staffCtx(), input));
}

/** Staff's deliberate "book again" past a booking whose outcome was unknown, after checking the carrier's portal. */
export async function rebookPendingParcelAction(input: BookPendingParcelInput): Promise<BookParcelState> {
  return runBooking(async () => rebookPendingParcel(await staffCtx(), input));
}

/** Staff mark a parcel's open booking with the carrier abandoned, having checked or cancelled it in the carrier's portal. */
export async function dismissParcelBookingAction(input: BookPendingParcelInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await dismissParcelBooking(await staffCtx(), input);
    return { ok: true, done: 'parcelBookingDismissed' };
  }, [casePath]);
}

async function runBooking(book: () => Promise<BookedParcel>): Promise<BookParcelState> {
  let carrierMessage: string | null = null;
  const state = await runStaffAction(async () => {
    try {
      const booked = await book();
      return { ok: true, done: booked.alreadyBooked ? 'parcelAlreadyBooked' : 'parcelBooked', values: { number: booked.trackingNumber } };
    } catch (error) {
      const details = detailsOf(error, 'invalid_state');
      if (details && 'reason' in details && details.reason === 'carrier_refused') carrierMessage = String(details.carrierMessage);
      throw error;
    }
  }, [casePath]);
  return carrierMessage !== null && state.ok === false ? { ok: false, code: 'invalid_state', reason: 'carrier_refused', carrierMessage } : state;
}

export async function grantGoodwillAction(input: GoodwillInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const result = await grantGoodwill(await staffCtx(), input);
    return { ok: true, done: result.status === 'issued' ? 'issued' : 'pending' };
  }, [casePath, '/staff/approvals']);
}

export async function resendCsatAction(input: { caseId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await resendCsatSurvey(await staffCtx(), input);
    return { ok: true, done: 'resent' };
  }, [casePath]);
}

/** "Retry refund" on a failed refund: back to its rail with the same idempotency key (lib/refunds/retry-refund.ts). */
export async function retryRefundAction(input: { refundId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await retryRefund(await staffCtx(), input);
    return { ok: true, done: 'done' };
  }, [casePath]);
}

/** "Try again" on a code the shop's platform refused: the worker creates it there, then emails it (lib/compensations/retry-platform-code.ts). */
export async function retryPlatformCodeAction(input: { compensationId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await retryPlatformCode(await staffCtx(), input);
    return { ok: true, done: 'done' };
  }, [casePath]);
}

/** Staff answer a claim; the customer's email is queued by the use case. */
export async function decideClaimAction(input: DecideClaimInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await decideClaim(await staffCtx(), input);
    return { ok: true, done: 'sent' };
  }, [casePath]);
}
