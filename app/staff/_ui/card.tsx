import { useId, type ReactNode } from 'react';

/**
 * A titled panel (a `section` named by its heading): title, optional description, the content, and
 * optional actions at its foot. `compact` is the denser look of the case page's side columns.
 */
export function Card(props: { title: ReactNode; /** The heading's id, when something else refers to it. */ id?: string; description?: ReactNode; actions?: ReactNode; children?: ReactNode; headingLevel?: 2 | 3; compact?: boolean; testId?: string; className?: string }) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section aria-labelledby={id} data-testid={props.testId} className={`rounded-lg border border-[var(--color-line)] bg-white ${props.compact ? 'space-y-2 p-3' : 'space-y-3 p-4'} ${props.className ?? ''}`}>
      <Heading id={id} className={props.compact ? 'font-semibold' : 'text-lg font-semibold'}>
        {props.title}
      </Heading>
      {props.description && <p className="text-[var(--color-muted)]">{props.description}</p>}
      {props.children}
      {props.actions && <div className="flex flex-wrap gap-2">{props.actions}</div>}
    </section>
  );
}
