import bwipjs from 'bwip-js/node';
import { createTranslator } from 'use-intl/core';
import { loadMessages } from '@/lib/i18n/messages';
import type { ReturnLabelDto } from './queries';
import { labelQrPayload } from './render-label-pdf';
import { appOrigin } from '@/lib/core/url';
import { escapeHtml } from '@/lib/outbox/service-email-layout';

/**
 * The label part of the "label issued" email (C8, owned by returns, calls this): the printerless code
 * as text (the accessible and copyable form), its QR as an inline PNG where the client shows images,
 * the carrier's instructions and the link to the label page with the downloads. A SPECIMEN says it is a demo
 * label and that the shop will send the real one, and nothing else that could be taken for a carrier label.
 */
export async function renderLabelEmailBlock(label: ReturnLabelDto, appUrl = appOrigin()): Promise<{ text: string; html: string }> {
  const t = createTranslator({ locale: label.locale, messages: await loadMessages(label.locale), namespace: 'labels.section' });
  const url = `${appUrl}/${label.locale}/returns/${encodeURIComponent(label.rma)}/label`;
  const code = label.printerlessCode;
  if (label.specimen) {
    // Nothing booked with the carrier: no code, no QR, no carrier instructions; the shop sends the real label.
    return {
      text: [t('specimen.email'), `${t('downloadPdf')}: ${url}`].join('\n'),
      html: [`<p><strong>${escapeHtml(t('specimen.email'))}</strong></p>`, `<p><a href="${escapeHtml(url)}">${escapeHtml(t('downloadPdf'))}</a></p>`].join('\n'),
    };
  }
  const howTo = code ? t(`instructions.${label.carrier}`, { code }) : label.method === 'home_pickup' ? t('homePickup') : t('dropOff', { carrier: label.carrierName });
  const png = await bwipjs.toBuffer({ bcid: 'qrcode', text: labelQrPayload(label), scale: 4 });
  const text = [...(code ? [`${t('printerlessTitle')}: ${code}`] : []), t('trackingNumber', { number: label.trackingNumber }), howTo, `${t('downloadPdf')}: ${url}`].join('\n');
  const html = [
    code ? `<p>${escapeHtml(t('printerlessTitle'))}</p><p style="font-size:28px;font-weight:700;letter-spacing:4px;font-family:monospace">${escapeHtml(code)}</p>` : '',
    `<p><img src="data:image/png;base64,${png.toString('base64')}" width="200" height="200" alt="${escapeHtml(t('qrAlt', { code: labelQrPayload(label) }))}"></p>`,
    `<p>${escapeHtml(t('trackingNumber', { number: label.trackingNumber }))}</p>`,
    `<p>${escapeHtml(howTo)}</p>`,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t('downloadPdf'))}</a></p>`,
  ].join('\n');
  return { text, html };
}
