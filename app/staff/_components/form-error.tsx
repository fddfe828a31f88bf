'use client';

import { useTranslations } from 'next-intl';
import type { ErrorCode } from '@/lib/errors';

/** One localized line for a failed staff action, announced to screen readers. */
export function FormError({ code, retryAfterSeconds, messages }: { code: ErrorCode | null; retryAfterSeconds?: number; messages?: Partial<Record<ErrorCode, string>> }) {
  const t = useTranslations('staff.errors');
  if (!code) return <div aria-live="polite" />;
  const text =
    messages?.[code] ??
    (code === 'rate_limited'
      ? t('rate_limited', { minutes: Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60)) })
      : t(
          (['unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'invalid_state', 'unavailable'] as const).includes(code as 'conflict')
            ? (code as 'conflict')
            : 'generic',
        ));
  return (
    <div aria-live="polite">
      <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
        {text}
      </p>
    </div>
  );
}
