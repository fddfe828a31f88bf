'use client';

import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { primaryButton } from '../_ui/button';
import { useHydrated } from './use-hydrated';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  /** The form's work is running (a transition, a request): the button is disabled and says so. */
  pending?: boolean;
  /** What the button says while pending (its children otherwise). */
  pendingLabel?: ReactNode;
  children: ReactNode;
};

/**
 * The submit button of every staff form that submits through JavaScript (react-hook-form + a server
 * action). It stays disabled until React has hydrated the page: a click on the server HTML would submit
 * the form natively — a GET to the page with the answers in the URL and no action run — which a fast
 * user, a barcode scanner or a loaded machine reaches before hydration. While the form works it is
 * disabled too (no double submit) and `aria-busy`.
 */
export function SubmitButton({ pending = false, pendingLabel, children, disabled, className = primaryButton, ...rest }: Props) {
  const hydrated = useHydrated();
  return (
    <button
      {...rest}
      type="submit"
      disabled={!hydrated || pending || disabled}
      aria-busy={pending || undefined}
      data-hydrated={hydrated ? 'true' : 'false'}
      className={className}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
