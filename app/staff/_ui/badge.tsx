import type { HTMLAttributes, ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-[var(--color-canvas)] text-[var(--color-muted)]',
  info: 'bg-[#e8f0fb] text-[#1d4f91]',
  success: 'bg-[#e6f4ea] text-[var(--color-ok)]',
  warning: 'bg-[var(--color-warn-bg)] text-[var(--color-warn)]',
  danger: 'bg-[var(--color-danger-bg)] text-[var(--color-danger)]',
};

/** A short status word in a tinted pill; the tone repeats what the text says, never replaces it. */
export function Badge({ tone = 'neutral', compact = false, children, className = '', ...rest }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone; compact?: boolean; children: ReactNode }) {
  return (
    <span {...rest} className={`inline-block whitespace-nowrap rounded font-medium ${compact ? 'px-1 text-xs' : 'px-2 py-0.5 text-sm'} ${tones[tone]} ${className}`}>
      {children}
    </span>
  );
}
