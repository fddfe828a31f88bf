'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTimeZone, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { localeNames, locales, toLocale } from '@/lib/i18n/locales';
import { type InviteStaffInput, inviteStaffSchema } from '@/lib/staff-admin/schemas';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton } from '../../_ui/button';
import { ShownOnce } from '../_admin/copy-button';
import { inviteStaffAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';
import { regionalFormat } from '@/lib/i18n/format';

/** Name, email, role → a one-time link, emailed and shown here once. */
export function InviteForm() {
  const t = useTranslations('staffAdmin.staff');
  const ta = useTranslations('staffAdmin');
  // The agent's regional form and the shop's time zone, as on the server-rendered staff pages.
  const format = regionalFormat(toLocale(useLocale()));
  const timeZone = useTimeZone() ?? 'UTC';
  const fieldError = useFieldError();
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [invited, setInvited] = useState<{ email: string; url: string; expiresAt: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<InviteStaffInput>({ resolver: zodResolver(inviteStaffSchema), defaultValues: { name: '', email: '', role: 'agent', locale: 'en' } });
  const errors = form.formState.errors;
  const err = (path: 'name' | 'email' | 'role', client?: string) => fieldError(client ?? serverFieldError(state, path));
  return (
    <section aria-labelledby="invite-heading" className="max-w-xl space-y-3">
      <h2 id="invite-heading" className="text-lg font-semibold">
        {t('inviteHeading')}
      </h2>
      <form
        noValidate
        className="space-y-4"
        onSubmit={form.handleSubmit((values) =>
          startTransition(async () => {
            const result = await inviteStaffAction(values);
            setState(result);
            if (result.ok) {
              setInvited({ email: values.email.trim(), url: String(result.values?.url), expiresAt: String(result.values?.expiresAt) });
              form.reset();
              router.refresh();
            } else setInvited(null);
          }),
        )}
      >
        <FormRow id="invite-name" label={t('name')} error={err('name', errors.name?.message)} input={{ autoComplete: 'off', maxLength: 200, ...form.register('name') }} />
        <FormRow id="invite-email" label={t('email')} error={err('email', errors.email?.message)} input={{ type: 'email', autoComplete: 'off', maxLength: 320, ...form.register('email') }} />
        <FormRow id="invite-role" label={t('role')} error={err('role', errors.role?.message)} select={form.register('role')}>
          <option value="agent">{t('roles.agent')}</option>
          <option value="admin">{t('roles.admin')}</option>
        </FormRow>
        <FormRow id="invite-locale" label={t('language')} select={form.register('locale')}>
          {locales.map((l) => (
            <option key={l} value={l}>
              {localeNames[l]}
            </option>
          ))}
        </FormRow>
        {!invited && <AdminFeedback state={state} />}
        <SubmitButton className={primaryButton} pending={pending}>
          {pending ? ta('saving') : t('invite')}
        </SubmitButton>
      </form>
      {invited && (
        <div role="status" className="space-y-2 rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3" data-testid="invite-done">
          <p>{t('inviteDone', { email: invited.email, date: format.dateTime(new Date(invited.expiresAt), { dateStyle: 'medium', timeStyle: 'short', timeZone }) })}</p>
          <ShownOnce id="invite-link" label={t('inviteLink')} value={invited.url} />
        </div>
      )}
    </section>
  );
}
