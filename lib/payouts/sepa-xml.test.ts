import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPain001, sepaId, sepaText, type SepaFileInput } from './sepa-xml';

/**
 * The official ISO 20022 schema of pain.001.001.09 and the EPC's SEPA customer-to-bank restriction of it
 * (fixtures/SOURCES.md says where each comes from). xmllint is Debian's libxml2-utils
 * (scripts/ensure-xmllint.mjs installs it for `npm run test:unit`).
 */
const XSD_DIR = path.resolve(import.meta.dirname, '../../fixtures/iso20022');
const SCHEMAS = ['pain.001.001.09.xsd'];
const XMLLINT = process.env.XMLLINT_PATH || 'xmllint';

function validate(xml: string, schema: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pain001-'));
  const file = path.join(dir, 'batch.xml');
  writeFileSync(file, xml);
  const r = spawnSync(XMLLINT, ['--noout', '--schema', path.join(XSD_DIR, schema), file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (${r.error.message}); run node scripts/ensure-xmllint.mjs`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const input: SepaFileInput = {
  messageId: 'PALUU-20261205-0001',
  createdAt: new Date('2026-12-05T22:10:00.123Z'),
  executionDate: '2026-12-07',
  debtor: { name: 'Kauppa Oy & Co', iban: 'FI2112345600000785', bic: 'NDEAFIHH' },
  currency: 'EUR',
  transfers: [
    { endToEndId: 'KK204131-R-10001', amount: 4990, creditorName: 'Åsa Öberg-Lindqvist', creditorIban: 'SE4550000000058398257466', creditorBic: null, remittance: 'Refund order KK204131, return R-10001' },
    { endToEndId: 'KK204132-R-10002', amount: 5, creditorName: 'Søren Ærø <script>', creditorIban: 'DK5000400440116243', creditorBic: 'DABADKKK', remittance: 'Refund order KK204132, return R-10002' },
    { endToEndId: 'KK204133-R-10003', amount: 123456, creditorName: 'Jürgen Groß', creditorIban: 'DE89370400440532013000', creditorBic: null, remittance: 'Refund' },
  ],
};

describe('SEPA credit transfer file (pain.001.001.09)', () => {
  it('xmllint is installed (Debian libxml2-utils)', () => {
    expect(execFileSync(XMLLINT, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) + '').toBeDefined();
  });

  it.each(SCHEMAS)('a batch of three refunds validates against %s', (schema) => {
    const xml = buildPain001(input);
    const result = validate(xml, schema);
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('carries the count, the control sum, the amounts in euros and the accounts', () => {
    const xml = buildPain001(input);
    expect(xml.match(/<NbOfTxs>3<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>1284\.51<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain('<InstdAmt Ccy="EUR">49.90</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.05</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">1234.56</InstdAmt>');
    expect(xml).toContain('<IBAN>SE4550000000058398257466</IBAN>');
    expect(xml).toContain('<DbtrAgt><FinInstnId><BICFI>NDEAFIHH</BICFI></FinInstnId></DbtrAgt>');
    expect(xml).toContain('<CreDtTm>2026-12-05T22:10:00Z</CreDtTm>');
    // Names in SEPA's Latin set; markup never reaches the file.
    expect(xml).toContain('<Nm>Asa Oberg-Lindqvist</Nm>');
    expect(xml).toContain('<Nm>Soren AEro script</Nm>');
    expect(xml).toContain('<Nm>Jurgen Gross</Nm>');
    expect(xml).not.toContain('<script>');
  });

  it('without the shop BIC the debtor agent is NOTPROVIDED, and the file still validates', () => {
    const xml = buildPain001({ ...input, debtor: { ...input.debtor, bic: null } });
    expect(xml).toContain('<Othr><Id>NOTPROVIDED</Id></Othr>');
    for (const schema of SCHEMAS) expect(validate(xml, schema).ok).toBe(true);
  });

  it('the schema check is real: a file with a broken IBAN or amount is rejected by xmllint', () => {
    const bad = buildPain001(input).replace('<IBAN>SE4550000000058398257466</IBAN>', '<IBAN>se45 5000</IBAN>');
    expect(validate(bad, SCHEMAS[0]!).ok).toBe(false);
    const negative = buildPain001(input).replace('>49.90<', '>-49.90<');
    expect(validate(negative, SCHEMAS[0]!).ok).toBe(false);
  });

  it('identifiers stay within 35 characters of the SEPA set; text is folded, not dropped', () => {
    expect(sepaId('/KK 204131 — R-10001 with a very long tail that goes on')).toMatch(/^[A-Za-z0-9\-?:().,'+][A-Za-z0-9/\-?:().,'+]{0,34}$/);
    expect(sepaText('Ülle Õun & Šarūnas', 70)).toBe('Ulle Oun Sarunas');
    expect(sepaText('€€€', 70)).toBe('-');
  });
});
