'use client';

import { AlertDialog } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { ConfirmDialogContent } from '../../_components/confirm-dialog';
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
      <ConfirmDialogContent
        panelClassName={dialogPanel}
        confirmClassName={primaryButton}
        cancelClassName={secondaryButton}
        title={props.title}
        description={props.intro}
        confirmLabel={props.confirmLabel ?? t('confirm')}
        cancelLabel={t('cancel')}
        onConfirm={props.onConfirm}
      />
    </AlertDialog.Root>
  );
}
