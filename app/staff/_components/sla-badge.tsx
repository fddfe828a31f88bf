'use client';

import { useTranslations } from 'next-intl';
import { Badge, type BadgeTone } from '../_ui/badge';

const tone: Record<string, BadgeTone> = { ok: 'success', warning: 'warning', breached: 'danger', paused: 'neutral', met: 'success', missed: 'danger' };

/** Business time left on the running SLA clock: green → amber (25 % left) → red when breached. */
export function SlaBadge({ sla, compact = false }: { sla: { state: string; remainingSeconds: number | null }; compact?: boolean }) {
  const t = useTranslations('staff.sla');
  const seconds = Math.abs(sla.remainingSeconds ?? 0);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const state = sla.state as 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';
  const label = state === 'ok' || state === 'warning' ? t('left', { hours, minutes }) : state === 'breached' ? t('over', { hours, minutes }) : t(state);
  return (
    <Badge tone={tone[state] ?? 'neutral'} compact={compact} data-sla={state} title={label}>
      {label}
    </Badge>
  );
}
