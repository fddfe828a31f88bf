'use client';

import { AlertDialog } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { dialogPanel, primaryButton, secondaryButton } from './admin-feedback';

/** A button whose action runs only after an alert dialog that names the target and says what happens. */
export function ConfirmButton(props: { label: string; accessibleLabel?: string; title: string; intro: string; confirmLabel?: string; onConfirm: () => void; disabled: boolean }) {
  const t = useTranslations('staffAdmin');
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button type="button" className={secondaryButton} disabled={props.disabled} aria-label={props.accessibleLabel}>
          {props.label}
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-black/40" />
        <AlertDialog.Content className={dialogPanel}>
          <AlertDialog.Title className="text-lg font-semibold">{props.title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-1">{props.intro}</AlertDialog.Description>
          <div className="mt-4 flex flex-wrap gap-2">
            <AlertDialog.Action asChild>
              <button type="button" className={primaryButton} onClick={props.onConfirm}>
                {props.confirmLabel ?? t('confirm')}
              </button>
            </AlertDialog.Action>
            <AlertDialog.Cancel asChild>
              <button type="button" className={secondaryButton}>
                {t('cancel')}
              </button>
            </AlertDialog.Cancel>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
