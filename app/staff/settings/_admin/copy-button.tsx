'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { secondaryButton } from './admin-feedback';

/** Copies a value shown once (API key, webhook secret, invite link) to the clipboard. */
export function CopyButton({ value, label }: { value: string; label?: string }) {
  const t = useTranslations('staffAdmin');
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButton}
      onClick={async () => {
        await navigator.clipboard.writeText(value).catch(() => undefined);
        setCopied(true);
      }}
    >
      <span aria-live="polite">{copied ? t('copied') : (label ?? t('copy'))}</span>
    </button>
  );
}

/** A secret shown once: read-only, selectable, with a copy button. */
export function ShownOnce({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input id={id} readOnly value={value} className="min-h-11 w-full max-w-[40rem] rounded border border-[var(--color-muted)] bg-[var(--color-canvas)] px-3 py-2 font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={value} />
      </div>
    </div>
  );
}
