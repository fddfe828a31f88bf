'use client';

import { clearAllCaseDrafts } from './case-drafts';

/** A sign-out button that first forgets the unsent drafts this browser keeps (see case-drafts.ts). */
export function LogoutButton({ children }: { children: React.ReactNode }) {
  return (
    <button type="submit" onClick={clearAllCaseDrafts} className="min-h-11 rounded border border-[var(--color-line)] px-3">
      {children}
    </button>
  );
}
