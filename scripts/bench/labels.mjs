// Label document generation speed: `npm run bench:labels`. Renders in-process (no server, no database):
// the A6 return label + packing slip PDF, the ZPL label and the withdrawal receipt PDF.
import { performance } from 'node:perf_hooks';
import { labelTranslator, renderLabelPdf } from '../../lib/labels/render-label-pdf.ts';
import { renderLabelZpl } from '../../lib/labels/render-label-zpl.ts';
import { receiptTranslator, renderReceiptPdf } from '../../lib/withdrawals/receipt.ts';

const runs = Number(process.env.BENCH_RUNS ?? 200);

const label = {
  returnId: 'bench',
  orderId: 'bench',
  rma: 'R-10042',
  orderNumber: 'KK-100123',
  locale: 'fi',
  method: 'printerless',
  carrier: 'posti',
  carrierName: 'Posti',
  service: '2108 Palautus',
  trackingNumber: 'JJFI64123456789012345',
  printerlessCode: '3FA9C1',
  printerlessKind: 'write',
  dropOffPoint: null,
  issuedAt: new Date().toISOString(),
  shopName: 'Kuusi & Koivu',
  returnAddress: { name: 'Kuusi & Koivu / Palautukset', line1: 'Varastokatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI' },
  sender: { name: 'Äijä Öhman', line1: 'Mäkitie 3 B 12', line2: null, postalCode: '00100', city: 'Helsinki', country: 'FI' },
  items: [
    { title: 'Merino-neule', options: { size: 'M', colour: 'Metsä' }, quantity: 1, reason: 'Liian pieni' },
    { title: 'Villasukat', options: { size: '39-42' }, quantity: 2, reason: 'Väri ei vastannut kuvaa' },
  ],
};
const receipt = {
  receiptNumber: 'W-7K3Q9XH2',
  shopName: 'Kuusi & Koivu',
  supportEmail: 'asiakaspalvelu@kuusikoivu.example',
  orderNumber: 'KK-100123',
  name: 'Äijä Öhman',
  email: 'aija@example.com',
  lines: [{ title: 'Merino-neule', quantity: 1 }],
  submittedAt: new Date().toISOString(),
  timeZone: 'Europe/Helsinki',
  locale: 'fi',
  currency: 'EUR',
  itemsAmount: 5990,
  deliveryRefundAmount: 394,
};

async function measure(name, fn) {
  for (let i = 0; i < 10; i++) await fn(); // warm-up (JIT, font metrics)
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const pick = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  console.log(`${name.padEnd(36)} median ${pick(0.5)} ms   p95 ${pick(0.95)} ms   (${runs} runs)`);
  return Number(pick(0.5));
}

const lt = await labelTranslator('fi');
const rt = await receiptTranslator('fi');
const median = await measure('label PDF (A6 label + packing slip)', () => renderLabelPdf(label, lt));
await measure('label ZPL', () => renderLabelZpl(label, lt));
await measure('withdrawal receipt PDF', () => renderReceiptPdf(rt, receipt));
const target = 50;
console.log(`label PDF median ${median} ms, target ≤ ${target} ms: ${median <= target ? 'OK' : 'OVER'}`);
