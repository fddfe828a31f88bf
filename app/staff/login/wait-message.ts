'use client';

import { useTranslations } from 'next-intl';

/** "Try again in N seconds" (minutes past two), for a throttled sign-in step. */
export function useWaitMessage(): (retryAfterSeconds: number | undefined) => string {
  const t = useTranslations('staffSecurity');
  return (retryAfterSeconds) => {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds ?? 1));
    return seconds <= 120 ? t('waitSeconds', { seconds }) : t('waitMinutes', { minutes: Math.ceil(seconds / 60) });
  };
}
