'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { newIdempotencyKey } from '@/lib/http/client-key';
import { useRouter } from 'next/navigation';
import { type ClaimInput, claimSchema } from '@/lib/claims/schemas';
import { allowedRemedies, claimTypes, type ClaimType, isParcelClaim, photosMakeSense } from '@/lib/claims/state';
import { submitClaimAction } from '../actions';

type Line = { id: string; title: string; options: Record<string, string>; quantity: number };
type Parcel = { id: string; carrier: string; trackingNumber: string };

const MAX_PHOTOS = 5;
const PHOTO_MAX_BYTES = 10 * 1024 * 1024; // PHOTO_LIMITS.maxUploadBytes (lib/photos/process-photo.ts is server-only)
const primary =
  'inline-flex min-h-12 w-full items-center justify-center rounded-xl bg-[var(--accent)] px-5 text-base font-semibold text-[var(--accent-contrast)] hover:opacity-95 disabled:opacity-70 sm:w-auto';
const errorClass = 'mt-1 text-sm text-[var(--color-danger)]';

/**
 * Report a problem: what happened, which items (or which parcel), a description, optional photos and
 * the remedy the customer asks for. Damage in transport is the shop's job: the form says so. Only what the
 * order allows now is offered (`types`, the delivered `lines`, the late or "delivered" `parcels`); the server
 * checks the same rules.
 */
export function ClaimForm({ locale, orderNumber, types, lines, parcels }: { locale: string; orderNumber: string; types: readonly ClaimType[]; lines: Line[]; parcels: Parcel[] }) {
  const t = useTranslations('claims');
  const [files, setFiles] = useState<File[]>([]);
  const [serverError, setServerError] = useState<string | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useForm<ClaimInput>({
    resolver: zodResolver(claimSchema) as never,
    defaultValues: { type: undefined, lines: [], shipmentId: null, description: '', remedy: null, idempotencyKey },
  });
  const { errors, isSubmitted } = form.formState;
  const type = useWatch({ control: form.control, name: 'type' }) as ClaimType | undefined;
  const chosenLines = useWatch({ control: form.control, name: 'lines' }) ?? [];
  const router = useRouter();
  const err = (key: string | undefined) => (key ? t(`errors.${key}` as 'errors.invalid') : undefined);

  const setLine = (id: string, quantity: number) => {
    const next = chosenLines.filter((l) => l.orderLineId !== id);
    if (quantity > 0) next.push({ orderLineId: id, quantity });
    form.setValue('lines', next, { shouldValidate: isSubmitted });
  };

  const onSubmit = form.handleSubmit((values) => {
    setServerError(null);
    setPhotoError(null);
    const data = new FormData();
    data.set('orderNumber', orderNumber);
    data.set('locale', locale);
    data.set('payload', JSON.stringify(values));
    const photos = type && photosMakeSense(type) ? files : [];
    // Over 10 MB a photo is refused anyway: say so before uploading it.
    if (photos.some((f) => f.size > PHOTO_MAX_BYTES)) return setPhotoError(err('photo_too_large') ?? null);
    for (const f of photos) data.append('photos', f);
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof submitClaimAction>>;
      try {
        result = await submitClaimAction(data);
      } catch (error) {
        // The server refuses an oversized or malformed request with a localized text (scripts/server.mjs),
        // which the action call throws: show it instead of the error page.
        setServerError(error instanceof Error && error.message && !error.message.startsWith('An unexpected response') ? error.message : t('errors.invalid'));
        return;
      }
      if (result.ok) {
        router.push(`/${locale}/orders/${encodeURIComponent(orderNumber)}/claims/${result.data.claimId}`);
        return;
      }
      const photoKey = result.fieldErrors?.photos?.[0];
      if (photoKey) return setPhotoError(err(photoKey) ?? null);
      const stateKey = [result.fieldErrors?.lines?.[0], result.fieldErrors?.shipmentId?.[0]].find((k) => k === 'notDelivered' || k === 'parcelOnItsWay');
      if (stateKey) return setServerError(t(`errors.${stateKey}`));
      setServerError(result.code === 'unavailable' ? t('errors.unavailable') : t('errors.invalid'));
    });
  });

  const errorId = (name: string) => `claim-${name}-error`;
  const remedies = type ? allowedRemedies(type) : [];

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-6">
      <div aria-live="polite" aria-atomic="true">
        {serverError && (
          <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
            {serverError}
          </p>
        )}
      </div>
      <fieldset disabled={isPending} className="space-y-6">
        <fieldset className="space-y-2" aria-describedby={errors.type ? errorId('type') : undefined}>
          <legend className="font-medium">{t('typeLegend')}</legend>
          {claimTypes.filter((value) => types.includes(value)).map((value) => (
            <label key={value} className="flex min-h-12 items-center gap-3 rounded-xl border border-[var(--color-line)] bg-white px-3">
              <input type="radio" value={value} className="h-5 w-5 shrink-0" {...form.register('type')} />
              {t(`types.${value}`)}
            </label>
          ))}
          {errors.type && (
            <p id={errorId('type')} className={errorClass}>
              {t('errors.typeRequired')}
            </p>
          )}
        </fieldset>

        {type && (
          <p className="rounded-xl border border-[var(--color-ok)] bg-white p-3" data-testid="shop-handles">
            {isParcelClaim(type) ? t('notReceivedInfo') : t('shopHandles')}
          </p>
        )}

        {type && isParcelClaim(type) && (
          <fieldset className="space-y-2" aria-describedby={errors.shipmentId ? errorId('parcel') : undefined}>
            <legend className="font-medium">{t('parcelLegend')}</legend>
            {parcels.map((p) => (
              <label key={p.id} className="flex min-h-12 items-center gap-3 rounded-xl border border-[var(--color-line)] bg-white px-3">
                <input type="radio" value={p.id} className="h-5 w-5 shrink-0" {...form.register('shipmentId')} />
                {t('parcelOption', { carrier: p.carrier, trackingNumber: p.trackingNumber })}
              </label>
            ))}
            {errors.shipmentId && (
              <p id={errorId('parcel')} className={errorClass}>
                {err(errors.shipmentId.message)}
              </p>
            )}
          </fieldset>
        )}

        {type && !isParcelClaim(type) && (
          <fieldset className="space-y-2" aria-describedby={errors.lines ? errorId('lines') : undefined}>
            <legend className="font-medium">{t('linesLegend')}</legend>
            {lines.map((line) => {
              const chosen = chosenLines.find((l) => l.orderLineId === line.id)?.quantity ?? 0;
              return (
                <div key={line.id} className="flex flex-wrap items-center gap-3 rounded-xl border border-[var(--color-line)] bg-white p-3">
                  <input id={`claim-line-${line.id}`} type="checkbox" className="h-6 w-6" checked={chosen > 0} onChange={(e) => setLine(line.id, e.target.checked ? 1 : 0)} />
                  <label htmlFor={`claim-line-${line.id}`} className="min-w-0 flex-1">
                    {line.title}
                    {Object.keys(line.options).length > 0 && <span className="block text-sm text-[var(--color-muted)]">{Object.values(line.options).join(' · ')}</span>}
                  </label>
                  {line.quantity > 1 && chosen > 0 && (
                    <select
                      aria-label={t('lineQuantity', { title: line.title })}
                      className="min-h-12 rounded-xl border border-[#8a9691] bg-white px-3"
                      value={chosen}
                      onChange={(e) => setLine(line.id, Number(e.target.value))}
                    >
                      {Array.from({ length: line.quantity }, (_, i) => i + 1).map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  )}
                </div>
              );
            })}
            {errors.lines && (
              <p id={errorId('lines')} className={errorClass}>
                {t('errors.linesRequired')}
              </p>
            )}
          </fieldset>
        )}

        {type && (
          <div>
            <label htmlFor="claim-description" className="block font-medium">
              {t('description')}
            </label>
            <p id="claim-description-hint" className="mt-1 text-sm text-[var(--color-muted)]">
              {t('descriptionHint')}
            </p>
            <textarea
              id="claim-description"
              rows={4}
              maxLength={2000}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={['claim-description-hint', errors.description ? errorId('description') : null].filter(Boolean).join(' ')}
              className={`mt-2 block w-full rounded-xl border bg-white p-3 text-base ${errors.description ? 'border-[var(--color-danger)]' : 'border-[#8a9691]'}`}
              {...form.register('description')}
            />
            {errors.description && (
              <p id={errorId('description')} className={errorClass}>
                {err(errors.description.message)}
              </p>
            )}
          </div>
        )}

        {type && photosMakeSense(type) && (
          <div>
            <label htmlFor="claim-photos" className="block font-medium">
              {t('photos')}
            </label>
            <p id="claim-photos-hint" className="mt-1 text-sm text-[var(--color-muted)]">
              {t('photosHint')}
            </p>
            <input
              id="claim-photos"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
              multiple
              aria-describedby={['claim-photos-hint', photoError ? errorId('photos') : null].filter(Boolean).join(' ')}
              aria-invalid={photoError ? true : undefined}
              className="mt-2 block w-full min-h-12"
              onChange={(e) => {
                const picked = [...files, ...Array.from(e.target.files ?? [])];
                setPhotoError(picked.length > MAX_PHOTOS ? t('errors.photoTooMany') : null);
                setFiles(picked.slice(0, MAX_PHOTOS));
                e.target.value = '';
              }}
            />
            {files.length > 0 && (
              <ul className="mt-2 space-y-1">
                {files.map((f, i) => (
                  <li key={`${f.name}-${i}`} className="flex items-center justify-between gap-2 rounded-lg bg-white px-3 py-1">
                    <span className="truncate">{f.name}</span>
                    <button type="button" className="min-h-11 px-2 underline" onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                      {t('photoRemove', { name: f.name })}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {photoError && (
              <p id={errorId('photos')} role="alert" className={errorClass}>
                {photoError}
              </p>
            )}
          </div>
        )}

        {type && remedies.length > 0 && (
          <fieldset className="space-y-2" aria-describedby={errors.remedy ? errorId('remedy') : undefined}>
            <legend className="font-medium">{t('remedyLegend')}</legend>
            {remedies.map((value) => (
              <label key={value} className="flex min-h-12 items-center gap-3 rounded-xl border border-[var(--color-line)] bg-white px-3">
                <input type="radio" value={value} className="h-5 w-5 shrink-0" {...form.register('remedy')} />
                {t(`remedies.${value}`)}
              </label>
            ))}
            {errors.remedy && (
              <p id={errorId('remedy')} className={errorClass}>
                {t('errors.remedyRequired')}
              </p>
            )}
          </fieldset>
        )}

        <button type="submit" className={primary}>
          {isPending ? t('submitting') : t('submit')}
        </button>
      </fieldset>
    </form>
  );
}
