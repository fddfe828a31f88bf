#!/usr/bin/env node
// Makes sure Debian's Dovecot IMAP server is installed: the inbound-email tests (lib/inbound) read from a real
// IMAP server that each test starts itself on a free loopback port with a throwaway config (the system service
// is never used, nor started by the install). Exit 0 when dovecot is available, 1 when it cannot be installed.
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './lib/debian-package.mjs';

const DOVECOT_PATH = process.env.DOVECOT_PATH || '/usr/sbin/dovecot';
const ok = ensureDebianPackage({
  tag: 'ensure-dovecot',
  pkg: 'dovecot-imapd',
  binary: DOVECOT_PATH,
  present: () => existsSync(DOVECOT_PATH),
  why: 'The inbound-email tests read from a real IMAP server (Debian\'s dovecot-imapd).',
  alternative: 'or point DOVECOT_PATH at an existing dovecot binary.',
  noServiceStart: true,
});
process.exit(ok ? 0 : 1);
