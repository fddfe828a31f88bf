import type { JSX } from 'react';
import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/locales';
import { getAuthorizedLabelSummary } from '@/lib/labels/authorized-label';
import { qrSvgPath } from '@/lib/labels/barcodes';
import { labelQrPayload } from '@/lib/labels/render-label-pdf';
import { PrinterlessFullscreen } from './printerless-fullscreen';

const buttonClass =
  'inline-flex min-h-12 items-center justify-center rounded-xl px-5 text-base font-semibold no-underline focus-visible:outline focus-visible:outline-3 focus-visible:outline-offset-2';

/**
 * C7b. The return's label: the PDF download, the printerless code with its QR (full screen on tap, to scan
 * from the phone), and the carrier's drop-off instructions. No ZPL here: that is for the shop's thermal
 * printers (the staff desk offers it), not for customers. A booking whose carrier label has not arrived yet shows
 * its tracking number (and label-free code) and says the label is on its way. A SPECIMEN (nothing booked with the carrier)
 * shows no code, QR or instructions, only that it is a demo label and that the shop will send the real one. Renders nothing before a label exists or
 * without access to the order.
 */
export async function ReturnLabelSection({ rma, locale }: { rma: string; locale: Locale }): Promise<JSX.Element | null> {
  const label = await getAuthorizedLabelSummary(rma);
  if (!label) return null;
  const t = await getTranslations({ locale, namespace: 'labels.section' });
  const base = `/api/returns/${encodeURIComponent(label.rma)}`;
  const qr = qrSvgPath(labelQrPayload(label));
  const code = label.printerlessCode;

  return (
    <section aria-labelledby="return-label-title" className="space-y-4 rounded-2xl border border-[var(--color-line)] bg-white p-5" data-testid="return-label-section">
      <h2 id="return-label-title" className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p>
        {label.carrierName}
        {label.service ? ` · ${label.service}` : ''}
      </p>
      {label.specimen ? (
        <div role="note" aria-labelledby="return-label-specimen-title" className="space-y-2 rounded-xl border-2 border-[var(--color-ink)] p-4" data-testid="return-label-specimen">
          <h3 id="return-label-specimen-title" className="text-lg font-semibold">
            {t('specimen.title')}
          </h3>
          <p>{t('specimen.body')}</p>
        </div>
      ) : (
        <>
          <p data-testid="return-tracking-number">{t('trackingNumber', { number: label.trackingNumber })}</p>

          {label.carrierLabel?.pending && (
            // Booked, but the carrier's label has not arrived: say so, and draw nothing in its place.
            <div role="note" aria-labelledby="return-label-pending-title" className="space-y-2 rounded-xl border-2 border-[var(--color-ink)] p-4" data-testid="return-label-pending">
              <h3 id="return-label-pending-title" className="text-lg font-semibold">
                {t('pending.title')}
              </h3>
              <p>{t('pending.body', { carrier: label.carrierName })}</p>
            </div>
          )}

          {code ? (
            <div className="space-y-3">
              <h3 className="text-lg font-semibold">{t('printerlessTitle')}</h3>
              <PrinterlessFullscreen
                code={code}
                qr={qr}
                labels={{ open: t('fullscreen.open'), close: t('fullscreen.close'), title: t('printerlessTitle'), hint: t('fullscreen.hint'), qrAlt: t('qrAlt', { code }) }}
              />
              <p>{t(`instructions.${label.carrier}`, { code })}</p>
            </div>
          ) : label.carrierLabel?.pending ? null : (
            <div className="space-y-2">
              <p>{label.method === 'home_pickup' ? t('homePickup') : t('dropOff', { carrier: label.carrierName })}</p>
              {label.dropOffPoint && <p>{t('dropOffPoint', { name: label.dropOffPoint.name })}</p>}
              <svg role="img" aria-label={t('qrAlt', { code: label.trackingNumber })} viewBox={`0 0 ${qr.viewBox} ${qr.viewBox}`} width={160} height={160} shapeRendering="crispEdges">
                <path d={qr.d} fill="#000" />
              </svg>
              <p className="text-sm text-[var(--color-muted)]">{t('noPrinter')}</p>
            </div>
          )}
        </>
      )}

      <div className="flex flex-wrap gap-3">
        {(label.carrierLabel === null || label.carrierLabel.pdf) && (
          <a href={`${base}/label.pdf`} download className={`${buttonClass} bg-[var(--accent)] text-[var(--accent-contrast)]`}>
            {t('downloadPdf')}
          </a>
        )}
      </div>
    </section>
  );
}
