'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { StaffActionState } from './staff-action';

/**
 * A staff server action run from a button or form: its result kept for the feedback line, `pending` while it
 * runs, the page data refreshed when it succeeded. `after` sees the result first (clear a secret field, keep
 * a shown-once value).
 */
export function useStaffAction() {
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<StaffActionState>, after?: (result: StaffActionState) => void) =>
    startTransition(async () => {
      const result = await action();
      setState(result);
      after?.(result);
      if (result.ok) router.refresh();
    });
  return { state, pending, run };
}
