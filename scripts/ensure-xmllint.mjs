#!/usr/bin/env node
// Makes sure Debian's xmllint (package libxml2-utils) is installed: the SEPA payout test (lib/payouts) validates
// the generated pain.001.001.09 file against the official ISO 20022 XSD with `xmllint --schema`.
// Exit 0 when xmllint is available, 1 when it cannot be installed.
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './lib/debian-package.mjs';

const XMLLINT_PATH = process.env.XMLLINT_PATH || '/usr/bin/xmllint';
const ok = ensureDebianPackage({
  tag: 'ensure-xmllint',
  pkg: 'libxml2-utils',
  binary: XMLLINT_PATH,
  present: () => existsSync(XMLLINT_PATH),
  why: 'The SEPA payout test validates the pain.001.001.09 file against the ISO 20022 XSD with xmllint (Debian\'s libxml2-utils).',
  alternative: 'or point XMLLINT_PATH at an existing xmllint binary.',
});
process.exit(ok ? 0 : 1);
