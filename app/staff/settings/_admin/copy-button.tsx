'use client';

import { useTranslations } from 'next-intl';
import { secondaryButton } from '../../_ui/button';
import { useToast } from '../../_ui/toast';

/** Copies a value shown once (API key, webhook secret, invite link) to the clipboard; a toast says so. */
export function CopyButton({ value, label }: { value: string; label?: string }) {
  const t = useTranslations('staffAdmin');
  const toast = useToast();
  return (
    <button
      type="button"
      className={secondaryButton}
      onClick={async () => {
        // Said only when the clipboard took it (a denied permission leaves the field to select by hand).
        const copied = await navigator.clipboard.writeText(value).then(
          () => true,
          () => false,
        );
        if (copied) toast(t('copied'));
      }}
    >
      {label ?? t('copy')}
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
