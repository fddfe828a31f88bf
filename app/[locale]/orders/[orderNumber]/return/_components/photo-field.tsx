'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';

type Upload = { key: string; name: string; progress: number };

/**
 * Take or choose photos (up to `max`), each uploaded at once with visible progress; thumbnails
 * with a remove button. The server checks the file by its content; its refusal is shown as is.
 */
export function PhotoField({
  orderNumber,
  locale,
  value,
  onChange,
  max,
  required,
  error,
  inputId,
}: {
  orderNumber: string;
  locale: string;
  value: string[];
  onChange: (ids: string[]) => void;
  max: number;
  required: boolean;
  error?: string;
  inputId: string;
}) {
  const t = useTranslations('returnWizard.photos');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  // Uploads finish after later renders: they append to the latest list, not the one they started with.
  const idsRef = useRef(value);
  useEffect(() => {
    idsRef.current = value;
  }, [value]);
  const hintId = useId();

  const upload = (file: File) =>
    new Promise<void>((resolve) => {
      const key = `${file.name}-${Math.random()}`;
      setUploads((u) => [...u, { key, name: file.name, progress: 0 }]);
      const body = new FormData();
      body.set('orderNumber', orderNumber);
      body.set('locale', locale);
      body.set('file', file);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/photos?locale=${encodeURIComponent(locale)}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: Math.round((e.loaded / e.total) * 100) } : x)));
      };
      xhr.onloadend = () => {
        setUploads((u) => u.filter((x) => x.key !== key));
        try {
          const json = JSON.parse(xhr.responseText || '{}');
          if (xhr.status === 201 && typeof json.id === 'string') {
            idsRef.current = [...idsRef.current, json.id].slice(0, max);
            onChange(idsRef.current);
          }
          else setProblem(`${file.name}: ${json?.error?.message ?? t('failed')}`);
        } catch {
          setProblem(`${file.name}: ${t('failed')}`);
        }
        resolve();
      };
      xhr.send(body);
    });

  const room = max - value.length - uploads.length;

  return (
    <div className="mt-3">
      <label htmlFor={inputId} className="block font-medium">
        {required ? t('labelRequired', { max }) : t('label', { max })}
      </label>
      <p id={hintId} className="text-sm text-[var(--color-muted)]">
        {t('hint')}
      </p>
      <input
        id={inputId}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
        multiple
        disabled={room <= 0}
        aria-describedby={[hintId, error ? `${inputId}-error` : null].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        className="mt-2 block w-full text-base file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-[#8a9691] file:bg-white file:px-3"
        onChange={async (event) => {
          setProblem(null);
          const files = Array.from(event.target.files ?? []).slice(0, Math.max(0, room));
          event.target.value = '';
          for (const file of files) await upload(file);
        }}
      />
      <div aria-live="polite">
        {uploads.map((u) => (
          <p key={u.key} className="mt-2 text-sm">
            {t('uploading', { name: u.name, progress: u.progress })}
            <progress className="ml-2 align-middle" max={100} value={u.progress} aria-hidden="true" />
          </p>
        ))}
      </div>
      {problem && (
        <p role="alert" className="mt-2 text-sm text-[var(--color-danger)]">
          {problem}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="mt-2 text-sm text-[var(--color-danger)]">
          {error}
        </p>
      )}
      {value.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-3" aria-label={t('added', { count: value.length })}>
          {value.map((id, index) => (
            <li key={id} className="flex flex-col items-center gap-1">
              {/* eslint-disable-next-line @next/next/no-img-element -- private, per-customer image */}
              <img src={`/api/photos/${id}`} alt={t('thumbnail', { number: index + 1 })} className="h-20 w-20 rounded-lg border border-[var(--color-line)] object-cover" />
              <button type="button" className="min-h-11 rounded-lg px-2 text-sm underline" onClick={() => onChange(value.filter((x) => x !== id))}>
                {t('remove', { number: index + 1 })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
