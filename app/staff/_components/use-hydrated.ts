'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server HTML and during hydration, true once React runs in the browser. Forms that submit
 * through JavaScript (react-hook-form + a server action) keep their button disabled until then: a click on
 * the server HTML would otherwise submit the form natively as a GET and lose the input (a fast scanner
 * user, or a loaded CI machine, gets there before hydration).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}
