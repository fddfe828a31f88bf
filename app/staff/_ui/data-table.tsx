import { Children, type HTMLAttributes, type ReactNode, type TdHTMLAttributes, type ThHTMLAttributes } from 'react';

export type Column = string | { label: ReactNode; key: string; className?: string };

/**
 * A dense, scrollable table: a caption (visually hidden unless `showCaption`), column headers with
 * `scope="col"`, the caller's rows, and one full-width row saying so when there are none. The scroll
 * box is a named, focusable region so a keyboard user can scroll a wide table.
 */
export function DataTable({
  caption,
  showCaption = false,
  columns,
  empty,
  children,
  testId,
}: {
  caption: string;
  showCaption?: boolean;
  columns: Column[];
  empty?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const hasRows = Children.toArray(children).length > 0;
  return (
    <div className="overflow-x-auto rounded-lg border border-[var(--color-line)] bg-white" tabIndex={0} role="region" aria-label={caption} data-testid={testId}>
      <table className="w-full text-left text-sm">
        <caption className={showCaption ? 'p-2 text-left font-semibold' : 'sr-only'}>{caption}</caption>
        <thead>
          <tr className="border-b border-[var(--color-line)]">
            {columns.map((column) => {
              const { key, label, className } = typeof column === 'string' ? { key: column, label: column, className: undefined } : column;
              return (
                <th key={key} scope="col" className={`p-2 ${className ?? ''}`}>
                  {label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {hasRows
            ? children
            : empty && (
                <tr>
                  <td colSpan={columns.length} className="p-3 text-[var(--color-muted)]">
                    {empty}
                  </td>
                </tr>
              )}
        </tbody>
      </table>
    </div>
  );
}

/** A body row in the table's look (align-top, a rule below). */
export function Row({ className = '', ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...rest} className={`border-b border-[var(--color-line)] align-top ${className}`} />;
}

/** The row's first cell, naming it for screen readers (`scope="row"`). */
export function RowHeader({ className = '', ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th {...rest} scope="row" className={`p-2 font-normal ${className}`} />;
}

/** A plain cell. */
export function Cell({ className = '', ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...rest} className={`p-2 ${className}`} />;
}

/** The last cell: the row's buttons and links side by side. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <td className="p-2">
      <div className="flex flex-wrap gap-2">{children}</div>
    </td>
  );
}
