/**
 * The SEPA credit transfer file (ISO 20022 `pain.001.001.09`, EPC SCT customer-to-PSP guidelines) for a payout
 * batch: one payment information block (the shop's account as debtor, SEPA service level, charges SLEV), one
 * transaction per refund. Pure: the same input gives the same bytes. Validated against the official XSD in
 * lib/payouts/sepa-xml.test.ts (xmllint).
 */
import { decimalAmount } from '@/lib/core/money';
import { BIC_PATTERN } from './iban';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export type SepaDebtor = { name: string; iban: string; bic: string | null };
export type SepaTransfer = { endToEndId: string; amount: number; creditorName: string; creditorIban: string; creditorBic: string | null; remittance: string };
export type SepaFileInput = {
  messageId: string;
  createdAt: Date;
  /** YYYY-MM-DD, the day the bank should execute the transfers. */
  executionDate: string;
  debtor: SepaDebtor;
  /** Currency of every transfer: SEPA credit transfers are in euro. */
  currency: 'EUR';
  transfers: SepaTransfer[];
};

/**
 * SEPA's character set (EPC217-08, the basic Latin set every bank must accept): letters, digits and
 * `/ - ? : ( ) . , ' +` and space. Accents are dropped (Ä → A, ø → o), anything else becomes a space.
 */
export function sepaText(value: string, max: number): string {
  const folded = value
    .replace(/ß/g, 'ss')
    .replace(/[Øø]/g, (c) => (c === 'Ø' ? 'O' : 'o'))
    .replace(/[Ææ]/g, (c) => (c === 'Æ' ? 'AE' : 'ae'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (folded || '-').slice(0, max).trim() || '-';
}

/** An identifier (MsgId, EndToEndId…): SEPA set without spaces, at most 35 characters, not starting with `/`. */
export function sepaId(value: string): string {
  const id = sepaText(value, 35).replace(/ /g, '-').replace(/^\/+/, '').replace(/\/\//g, '/');
  return id || '-';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function agent(bic: string | null): string {
  return bic && BIC_PATTERN.test(bic) ? `<FinInstnId><BICFI>${esc(bic)}</BICFI></FinInstnId>` : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';
}

/** ISO date-time without milliseconds, UTC (`2026-12-05T22:10:00Z`). */
function isoDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function buildPain001(input: SepaFileInput): string {
  if (input.transfers.length === 0) throw new Error('A SEPA file needs at least one transfer.');
  const total = input.transfers.reduce((sum, t) => sum + t.amount, 0);
  const ctrlSum = decimalAmount(total);
  const count = String(input.transfers.length);
  const messageId = sepaId(input.messageId);
  const tx = input.transfers
    .map((t) =>
      [
        '<CdtTrfTxInf>',
        `<PmtId><EndToEndId>${esc(sepaId(t.endToEndId))}</EndToEndId></PmtId>`,
        `<Amt><InstdAmt Ccy="${input.currency}">${decimalAmount(t.amount)}</InstdAmt></Amt>`,
        t.creditorBic && BIC_PATTERN.test(t.creditorBic) ? `<CdtrAgt>${agent(t.creditorBic)}</CdtrAgt>` : '',
        `<Cdtr><Nm>${esc(sepaText(t.creditorName, 70))}</Nm></Cdtr>`,
        `<CdtrAcct><Id><IBAN>${esc(t.creditorIban)}</IBAN></Id></CdtrAcct>`,
        `<RmtInf><Ustrd>${esc(sepaText(t.remittance, 140))}</Ustrd></RmtInf>`,
        '</CdtTrfTxInf>',
      ].join(''),
    )
    .join('\n      ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${PAIN_001_NAMESPACE}">
  <CstmrCdtTrfInitn>
    <GrpHdr>
      <MsgId>${esc(messageId)}</MsgId>
      <CreDtTm>${isoDateTime(input.createdAt)}</CreDtTm>
      <NbOfTxs>${count}</NbOfTxs>
      <CtrlSum>${ctrlSum}</CtrlSum>
      <InitgPty><Nm>${esc(sepaText(input.debtor.name, 70))}</Nm></InitgPty>
    </GrpHdr>
    <PmtInf>
      <PmtInfId>${esc(messageId)}</PmtInfId>
      <PmtMtd>TRF</PmtMtd>
      <BtchBookg>true</BtchBookg>
      <NbOfTxs>${count}</NbOfTxs>
      <CtrlSum>${ctrlSum}</CtrlSum>
      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>
      <ReqdExctnDt><Dt>${input.executionDate}</Dt></ReqdExctnDt>
      <Dbtr><Nm>${esc(sepaText(input.debtor.name, 70))}</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>${esc(input.debtor.iban)}</IBAN></Id></DbtrAcct>
      <DbtrAgt>${agent(input.debtor.bic)}</DbtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      ${tx}
    </PmtInf>
  </CstmrCdtTrfInitn>
</Document>
`;
}
