'use client';

import type { ReactNode } from 'react';
import { Dialog as RadixDialog } from 'radix-ui';
import { secondaryButton } from './button';

export const dialogOverlay = 'fixed inset-0 bg-black/40';
export const dialogPanel = 'fixed left-1/2 top-1/2 max-h-[85vh] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-lg';

/**
 * A modal dialog (Radix: focus trapped inside, Escape and the close button dismiss it, focus returns to
 * the trigger), named by its title and described by its description.
 */
export function Dialog(props: {
  trigger: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  /** The footer's close button; leave it out when the content has its own (a form's Cancel in a `DialogClose`). */
  closeLabel?: string;
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  return (
    <RadixDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RadixDialog.Trigger asChild>{props.trigger}</RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={dialogOverlay} />
        {/* Without a description, `aria-describedby` is left out on purpose (Radix warns otherwise). */}
        <RadixDialog.Content className={dialogPanel} {...(props.description ? {} : { 'aria-describedby': undefined })}>
          <RadixDialog.Title className="text-lg font-semibold">{props.title}</RadixDialog.Title>
          {props.description && <RadixDialog.Description className="mt-1 text-sm text-[var(--color-muted)]">{props.description}</RadixDialog.Description>}
          {props.children}
          {props.closeLabel && (
            <div className="mt-4 flex justify-end">
              <RadixDialog.Close asChild>
                <button type="button" className={secondaryButton}>
                  {props.closeLabel}
                </button>
              </RadixDialog.Close>
            </div>
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Closes the dialog it is in (wrap a button with `asChild`). */
export const DialogClose = RadixDialog.Close;
