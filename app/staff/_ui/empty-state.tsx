import type { ReactNode } from 'react';

/** What a list shows when it has nothing yet: one line, and optionally what to do about it. */
export function EmptyState({ children, action, testId }: { children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-dashed border-[var(--color-line)] bg-white p-4 text-[var(--color-muted)]" data-testid={testId}>
      <p>{children}</p>
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
