'use client';

import type { ReactNode } from 'react';
import { AlertDialog } from 'radix-ui';

/**
 * The body of every staff confirmation (a Radix alert dialog, so focus is trapped and Escape cancels):
 * what will happen, then Confirm and Cancel. Place it inside an `AlertDialog.Root`.
 */
export function ConfirmDialogContent(props: {
  panelClassName: string;
  confirmClassName: string;
  cancelClassName: string;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
}) {
  return (
    <AlertDialog.Portal>
      <AlertDialog.Overlay className="fixed inset-0 bg-black/40" />
      <AlertDialog.Content className={props.panelClassName}>
        <AlertDialog.Title className="text-lg font-semibold">{props.title}</AlertDialog.Title>
        <AlertDialog.Description className="mt-1">{props.description}</AlertDialog.Description>
        <div className="mt-4 flex flex-wrap gap-2">
          <AlertDialog.Action asChild>
            <button type="button" className={props.confirmClassName} onClick={props.onConfirm}>
              {props.confirmLabel}
            </button>
          </AlertDialog.Action>
          <AlertDialog.Cancel asChild>
            <button type="button" className={props.cancelClassName}>
              {props.cancelLabel}
            </button>
          </AlertDialog.Cancel>
        </div>
      </AlertDialog.Content>
    </AlertDialog.Portal>
  );
}
