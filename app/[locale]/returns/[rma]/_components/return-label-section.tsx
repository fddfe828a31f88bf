import type { JSX } from 'react';
import type { Locale } from '@/lib/i18n/locales';

/*
 * PLACEHOLDER for contract C7b (owner: labels): label downloads, printerless code + QR and the
 * carrier's drop-off instructions. Renders nothing until the labels branch replaces this file.
 */
export async function ReturnLabelSection(props: { rma: string; locale: Locale }): Promise<JSX.Element | null> {
  void props;
  return null;
}
