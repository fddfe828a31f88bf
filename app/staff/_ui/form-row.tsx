import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

const control = 'mt-1 min-h-11 w-full rounded border border-[var(--color-muted)] bg-white px-3 py-2 aria-[invalid=true]:border-[var(--color-danger)]';

/** Label, control, hint and error wired together (aria-describedby / aria-invalid). */
export function FormRow(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  input?: InputHTMLAttributes<HTMLInputElement>;
  textarea?: TextareaHTMLAttributes<HTMLTextAreaElement>;
  select?: SelectHTMLAttributes<HTMLSelectElement>;
  children?: ReactNode;
}) {
  const described = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id: props.id, 'aria-describedby': described, 'aria-invalid': props.error ? true : undefined, className: control };
  return (
    <div>
      <label htmlFor={props.id} className="block font-medium">
        {props.label}
      </label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="text-sm text-[var(--color-muted)]">
          {props.hint}
        </p>
      )}
      {props.textarea ? (
        <textarea {...common} rows={3} {...props.textarea} />
      ) : props.select ? (
        <select {...common} {...props.select}>
          {props.children}
        </select>
      ) : (
        <input {...common} {...props.input} />
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-[var(--color-danger)]">
          {props.error}
        </p>
      )}
    </div>
  );
}
