'use client';

import type { ReactNode } from 'react';
import { AlertDialog } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { primaryButton, secondaryButton } from './button';
import { dialogOverlay, dialogPanel } from './dialog';

/**
 * The body of every staff confirmation (a Radix alert dialog, so focus is trapped and Escape cancels):
 * what will happen, then Confirm and Cancel. Place it inside an `AlertDialog.Root`.
 */
export function ConfirmDialogContent(props: {
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  /** Extra content between the description and the buttons (a reason field, a summary). */
  children?: ReactNode;
  panelClassName?: string;
  confirmClassName?: string;
  cancelClassName?: string;
}) {
  return (
    <AlertDialog.Portal>
      <AlertDialog.Overlay className={dialogOverlay} />
      <AlertDialog.Content className={props.panelClassName ?? dialogPanel}>
        <AlertDialog.Title className="text-lg font-semibold">{props.title}</AlertDialog.Title>
        <AlertDialog.Description className="mt-1">{props.description}</AlertDialog.Description>
        {props.children}
        <div className="mt-4 flex flex-wrap gap-2">
          <AlertDialog.Action asChild>
            <button type="button" className={props.confirmClassName ?? primaryButton} onClick={props.onConfirm}>
              {props.confirmLabel}
            </button>
          </AlertDialog.Action>
          <AlertDialog.Cancel asChild>
            <button type="button" className={props.cancelClassName ?? secondaryButton}>
              {props.cancelLabel}
            </button>
          </AlertDialog.Cancel>
        </div>
      </AlertDialog.Content>
    </AlertDialog.Portal>
  );
}

/** A button whose action runs only after an alert dialog that names the target and says what happens. */
export function ConfirmButton(props: { label: string; accessibleLabel?: string; title: string; intro: string; confirmLabel?: string; onConfirm: () => void; disabled: boolean }) {
  const t = useTranslations('staff.ui');
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button type="button" className={secondaryButton} disabled={props.disabled} aria-label={props.accessibleLabel}>
          {props.label}
        </button>
      </AlertDialog.Trigger>
      <ConfirmDialogContent title={props.title} description={props.intro} confirmLabel={props.confirmLabel ?? t('confirm')} cancelLabel={t('cancel')} onConfirm={props.onConfirm} />
    </AlertDialog.Root>
  );
}
