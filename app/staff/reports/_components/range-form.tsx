'use client';

import { useRef } from 'react';

export type RangeFormLabels = { legend: string; preset: string; from: string; to: string; apply: string; presets: Array<{ value: string; label: string }> };

/**
 * The date range: a preset, or custom dates. A plain GET form (works without JavaScript); editing a
 * date switches the period to "custom dates" so the dates typed are the ones shown.
 */
export function RangeForm({ labels, range }: { labels: RangeFormLabels; range: { preset: string; from: string; to: string } }) {
  const preset = useRef<HTMLSelectElement>(null);
  const toCustom = () => {
    if (preset.current) preset.current.value = 'custom';
  };
  const field = 'min-h-11 rounded border border-[var(--color-muted)] bg-white px-2';
  return (
    <form method="get" className="rounded-lg border border-[var(--color-line)] bg-white p-3">
      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="sr-only">{labels.legend}</legend>
        <div>
          <label htmlFor="report-range" className="block text-sm font-medium">
            {labels.preset}
          </label>
          <select ref={preset} id="report-range" name="range" defaultValue={range.preset} className={field}>
            {labels.presets.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="report-from" className="block text-sm font-medium">
            {labels.from}
          </label>
          <input id="report-from" name="from" type="date" defaultValue={range.from} min="2000-01-01" onChange={toCustom} className={field} />
        </div>
        <div>
          <label htmlFor="report-to" className="block text-sm font-medium">
            {labels.to}
          </label>
          <input id="report-to" name="to" type="date" defaultValue={range.to} min="2000-01-01" onChange={toCustom} className={field} />
        </div>
        <button type="submit" className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white">
          {labels.apply}
        </button>
      </fieldset>
    </form>
  );
}
