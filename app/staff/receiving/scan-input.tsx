'use client';

import { useEffect, useRef } from 'react';

/** The scan field: focused on every arrival (also after a client navigation), so the next scan just works. */
export function ScanInput({ defaultValue, describedBy }: { defaultValue: string; describedBy: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  });
  return (
    <input
      ref={ref}
      id="code"
      name="code"
      defaultValue={defaultValue}
      autoComplete="off"
      spellCheck={false}
      maxLength={64}
      aria-describedby={describedBy}
      className="min-h-11 w-full rounded border border-[var(--color-muted)] bg-white px-3 font-mono"
    />
  );
}
