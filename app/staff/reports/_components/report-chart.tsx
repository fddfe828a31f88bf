'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ChartSeries = { key: string; name: string; format: 'percent' | 'number' };
export type ChartPoint = Record<string, string | number | null>;

// Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito).
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/**
 * A chart drawn from the table printed right after it: the chart is hidden from assistive technology
 * (the table is its text alternative), so it has no keyboard stops of its own.
 */
export function ReportChart({ kind, data, series, stacked, locale }: { kind: 'bar' | 'line'; data: ChartPoint[]; series: ChartSeries[]; stacked?: boolean; locale: string }) {
  const percent = series.every((s) => s.format === 'percent');
  const tick = (v: number) => (percent ? new Intl.NumberFormat(locale, { style: 'percent' }).format(v) : new Intl.NumberFormat(locale, { notation: 'compact' }).format(v));
  const tip = (v: unknown) => (typeof v === 'number' ? (percent ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v) : new Intl.NumberFormat(locale).format(v)) : String(v ?? '—'));
  const common = { data, margin: { top: 8, right: 8, bottom: 8, left: 0 }, accessibilityLayer: false };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#d4d4d4" />
      <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={8} />
      <YAxis tickFormatter={tick} tick={{ fontSize: 12 }} width={56} domain={percent ? [0, 'auto'] : undefined} allowDecimals={!percent ? false : true} />
      <Tooltip formatter={tip} />
      {series.length > 1 && <Legend />}
    </>
  );
  return (
    <div aria-hidden="true" className="h-64 w-full min-w-0">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
        {kind === 'bar' ? (
          <BarChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={COLORS[i % COLORS.length]} stackId={stacked ? 'a' : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Line key={s.key} dataKey={s.key} name={s.name} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot={data.length <= 31} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
