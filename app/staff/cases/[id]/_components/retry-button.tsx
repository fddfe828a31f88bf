'use client';

import type { StaffActionState } from '../../../_components/staff-action';
import { useStaffAction } from '../../../_components/use-staff-action';
import { primaryButton } from '../../../_ui/button';
import { Feedback } from '../../../_ui/feedback';

/**
 * "Try again" on something that failed outside (a refund on its rail, a code on the shop's platform): runs the
 * bound server action and says what happened — the done line, the failure's own reason when the page knows it,
 * else the desk's line for the error code.
 */
export function RetryButton({
  action,
  label,
  done,
  offered = true,
  reasons = {},
  testId,
}: {
  action: () => Promise<StaffActionState>;
  label: string;
  done: string;
  /** False once the thing no longer needs a retry: the button goes, what the last click did stays said. */
  offered?: boolean;
  reasons?: Record<string, string>;
  testId: string;
}) {
  const { state, pending, run } = useStaffAction();
  if (!offered && state.ok === null) return null;
  return (
    <div className="space-y-2">
      {offered && (
        <button type="button" className={primaryButton} disabled={pending} onClick={() => run(action)} data-testid={testId}>
          {label}
        </button>
      )}
      <Feedback state={state.ok === true ? { ok: true, message: done } : state.ok === false ? { ok: false, code: state.code, message: state.reason ? reasons[state.reason] : undefined } : state} />
    </div>
  );
}
