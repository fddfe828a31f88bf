'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import type { ErrorCode } from '@/lib/errors';
import { confirmEnrolmentAction, startEnrolmentAction } from '../auth-actions';
import { FormError } from './form-error';
import { SubmitButton } from './submit-button';

/** Two-factor enrolment: QR code (otpauth URI) → confirm with a code → recovery codes shown once. */
export function EnrolTotp() {
  const t = useTranslations('staff.enrol');
  const [pending, startTransition] = useTransition();
  const [setup, setSetup] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [code, setCode] = useState('');

  if (codes) {
    return (
      <div className="space-y-3">
        <p role="status">{t('done')}</p>
        <p>{t('recoveryIntro')}</p>
        <ul aria-label={t('recoveryLabel')} className="grid grid-cols-2 gap-2 font-mono">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Link href="/staff" className="inline-flex min-h-11 items-center rounded bg-[var(--accent)] px-4 font-semibold text-white no-underline">
          {t('continue')}
        </Link>
      </div>
    );
  }
  if (!setup) {
    return (
      <div className="space-y-3">
        <FormError code={error} />
        <p>{t('intro')}</p>
        <button
          type="button"
          disabled={pending}
          className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white"
          onClick={() =>
            startTransition(async () => {
              const result = await startEnrolmentAction();
              if (result.ok) setSetup(result.data);
              else setError(result.code);
            })
          }
        >
          {t('start')}
        </button>
      </div>
    );
  }
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await confirmEnrolmentAction(code);
          if (result.ok) setCodes(result.data.recoveryCodes);
          else setError(result.code);
        });
      }}
    >
      <p>{t('scan')}</p>
      <div role="img" aria-label={t('qrLabel')} className="w-[220px]" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      <p className="text-sm">
        {t('manual')} <code data-testid="totp-secret" className="break-all font-mono">{setup.secret}</code>
      </p>
      <FormError code={error} messages={{ invalid_input: t('invalid'), unauthorized: t('invalid') }} />
      <label htmlFor="enrol-code" className="block font-medium">
        {t('code')}
      </label>
      <input id="enrol-code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" inputMode="numeric" maxLength={10} required className="min-h-11 w-full rounded border border-[var(--color-muted)] px-3" />
      <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white">
        {t('confirm')}
      </SubmitButton>
    </form>
  );
}
