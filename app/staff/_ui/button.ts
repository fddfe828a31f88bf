/** The two staff button looks (44 px tall for touch); links styled as buttons use them too. */
export const primaryButton = 'min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70';
export const secondaryButton = 'min-h-11 rounded border border-[var(--color-muted)] bg-white px-4 font-semibold disabled:opacity-70';
