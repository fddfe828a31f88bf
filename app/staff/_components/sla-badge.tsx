'use client';

import { useTranslations } from 'next-intl';

const tone: Record<string, string> = {
  ok: 'bg-[#e6f4ea] text-[var(--color-ok)]',
  warning: 'bg-[var(--color-warn-bg)] text-[var(--color-warn)]',
  breached: 'bg-[var(--color-danger-bg)] text-[var(--color-danger)]',
  paused: 'bg-[var(--color-canvas)] text-[var(--color-muted)]',
  met: 'bg-[#e6f4ea] text-[var(--color-ok)]',
  missed: 'bg-[var(--color-danger-bg)] text-[var(--color-danger)]',
};

/** Business time left on the running SLA clock: green → amber (25 % left) → red when breached. */
export function SlaBadge({ sla, compact = false }: { sla: { state: string; remainingSeconds: number | null }; compact?: boolean }) {
  const t = useTranslations('staff.sla');
  const seconds = Math.abs(sla.remainingSeconds ?? 0);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const state = sla.state as 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';
  const label = state === 'ok' || state === 'warning' ? t('left', { hours, minutes }) : state === 'breached' ? t('over', { hours, minutes }) : t(state);
  return (
    <span data-sla={state} title={label} className={`inline-block whitespace-nowrap rounded font-medium ${compact ? 'px-1 text-xs' : 'px-2 py-0.5 text-sm'} ${tone[state] ?? ''}`}>
      {label}
    </span>
  );
}
