'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { type BrandingForm as Values, type BrandingInput, brandingInputSchema, contrastWithWhite, LOGO_MAX_BYTES, logoPath, MIN_CONTRAST } from '@/lib/settings/branding';
import { FormRow } from '../../_ui/form-row';
import { removeLogoAction, saveBrandingAction, uploadLogoAction } from '../actions';
import { applyServerErrors, errorAt } from '../_components/field-error';
import { Feedback, type Outcome } from '../../_ui/feedback';
import { SubmitButton } from '../../_components/submit-button';
import { Card } from '../../_ui/card';
import { primaryButton, secondaryButton } from '../../_ui/button';


export function BrandingForm({ initial, logo, shopName }: { initial: Values; logo: { version: string; width: number; height: number } | null; shopName: string }) {
  const t = useTranslations('staffSettings');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<Outcome>({ ok: null });
  const [logoFeedback, setLogoFeedback] = useState<Outcome>({ ok: null });
  const [logoError, setLogoError] = useState<string | null>(null);
  const form = useForm<Values, unknown, BrandingInput>({ resolver: zodResolver(brandingInputSchema), defaultValues: initial });
  const { register, formState, handleSubmit, setError, control } = form;
  const err = (path: string) => {
    const key = errorAt(formState.errors, path);
    return key ? (t.has(`errors.${key}` as never) ? t(`errors.${key}` as never) : t('errors.invalid')) : undefined;
  };
  const accent = useWatch({ control, name: 'accentColor' });
  const validColor = /^#[0-9a-fA-F]{6}$/.test(accent ?? '');
  const ratio = validColor ? contrastWithWhite(accent) : null;

  const save = handleSubmit(
    () =>
      startTransition(async () => {
        // The raw form values: the server parses them with the same schema (parsed output is not valid input).
        const result = await saveBrandingAction(form.getValues());
        if (result.ok) {
          setFeedback({ ok: true, message: t('branding.saved') });
          router.refresh();
        } else {
          applyServerErrors(setError, result.fieldErrors);
          setFeedback({ ok: false, code: result.code });
        }
      }),
    () => setFeedback({ ok: false, code: 'invalid_input' }),
  );

  const upload = (data: FormData) =>
    startTransition(async () => {
      const file = data.get('logo');
      if (!(file instanceof File) || file.size === 0) return setLogoError(t('errors.logoUnreadable'));
      if (file.size > LOGO_MAX_BYTES) return setLogoError(t('errors.logoSize'));
      const result = await uploadLogoAction(data);
      if (result.ok) {
        setLogoError(null);
        setLogoFeedback({ ok: true, message: t('branding.logoSaved') });
        router.refresh();
      } else {
        const reason = result.fieldErrors?.logo?.[0];
        setLogoError(reason && t.has(`errors.${reason}` as never) ? t(`errors.${reason}` as never) : null);
        setLogoFeedback({ ok: false, code: result.code });
      }
    });

  return (
    <div className="space-y-4">
      <Card title={t('branding.identity')}>
        <form onSubmit={save} noValidate className="space-y-3">
        <FormRow id="brand-name" label={t('branding.name')} error={err('name')} input={{ ...register('name') }} />
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-48">
            <FormRow id="brand-accent" label={t('branding.accent')} hint={t('branding.accentHint')} error={err('accentColor')} input={{ ...register('accentColor'), placeholder: '#1f5f4a' }} />
          </div>
          <span className="mb-2 inline-block h-11 w-11 rounded border border-[var(--color-line)]" style={{ background: validColor ? accent : 'transparent' }} aria-hidden="true" />
          {ratio !== null && (
            <p className={ratio >= MIN_CONTRAST ? 'mb-2' : 'mb-2 font-semibold text-[var(--color-danger)]'} data-testid="contrast">
              {t(ratio >= MIN_CONTRAST ? 'branding.contrastOk' : 'branding.contrastLow', { ratio: ratio.toFixed(1), min: MIN_CONTRAST })}
            </p>
          )}
        </div>
        <h2 className="text-lg font-semibold">{t('branding.contact')}</h2>
        <div className="grid gap-3 sm:grid-cols-3">
          <FormRow id="brand-email" label={t('branding.supportEmail')} error={err('supportEmail')} input={{ type: 'email', ...register('supportEmail') }} />
          <FormRow id="brand-phone" label={t('branding.supportPhone')} error={err('supportPhone')} input={{ type: 'tel', ...register('supportPhone') }} />
          <FormRow id="brand-url" label={t('branding.supportUrl')} error={err('supportUrl')} input={{ type: 'url', ...register('supportUrl') }} />
        </div>
        <Feedback state={feedback} />
        <SubmitButton className={primaryButton} pending={pending}>
          {t('branding.save')}
        </SubmitButton>
        </form>
      </Card>

      <Card title={t('branding.logo')}>
        <form action={upload} className="space-y-3">
        {logo ? (
          // eslint-disable-next-line @next/next/no-img-element -- our own route, fixed size
          <img src={logoPath(logo.version)} alt={t('branding.logoAlt', { shop: shopName })} width={logo.width} height={logo.height} className="max-h-20 w-auto" data-testid="current-logo" />
        ) : (
          <p>{t('branding.noLogo')}</p>
        )}
        <FormRow
          id="brand-logo"
          label={t('branding.logoFile')}
          hint={t('branding.logoHint')}
          error={logoError ?? undefined}
          input={{ type: 'file', name: 'logo', accept: 'image/png,image/jpeg' }}
        />
        <Feedback state={logoFeedback} />
        <div className="flex flex-wrap gap-2">
          <SubmitButton className={primaryButton} pending={pending}>
            {t('branding.upload')}
          </SubmitButton>
          {logo && (
            <button
              type="button"
              className={secondaryButton}
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await removeLogoAction();
                  setLogoFeedback(result.ok ? { ok: true, message: t('branding.logoRemoved') } : { ok: false, code: result.code });
                  router.refresh();
                })
              }
            >
              {t('branding.removeLogo')}
            </button>
          )}
        </div>
        </form>
      </Card>
    </div>
  );
}
