import { ImapFlow } from 'imapflow';
import type { Db } from '@/db';
import type { InboundConfig } from '@/lib/cases/inbound-config';
import { parseMime } from './from-mime';
import { importInboundEmail, type ImportOutcome } from './import-inbound-email';

export type ImapSettings = { url: string; mailbox?: string; maxBytes: number; insecureTls?: boolean };

/** INBOUND_IMAP_URL (`imaps://user:password@imap.example.com:993`), INBOUND_IMAP_MAILBOX (INBOX), or null. */
export function imapSettings(env: Record<string, string | undefined> = process.env, maxBytes = 25 * 1024 * 1024): ImapSettings | null {
  if (!env.INBOUND_IMAP_URL) return null;
  return { url: env.INBOUND_IMAP_URL, mailbox: env.INBOUND_IMAP_MAILBOX || 'INBOX', maxBytes, insecureTls: env.INBOUND_IMAP_TLS_INSECURE === '1' };
}

function clientOf(settings: ImapSettings): ImapFlow {
  const url = new URL(settings.url);
  const secure = url.protocol === 'imaps:';
  if (!secure && url.protocol !== 'imap:') throw new Error('INBOUND_IMAP_URL must start with imaps:// or imap://');
  return new ImapFlow({
    host: url.hostname,
    port: Number(url.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    tls: { rejectUnauthorized: !settings.insecureTls },
    // Plain imap:// is for a server on the same host (or tests); it never upgrades silently.
    doSTARTTLS: secure ? undefined : false,
  });
}

/**
 * One pass over the mailbox: every unseen message is imported and then marked \Seen. Import is
 * idempotent by Message-ID (lib/inbound/import-inbound-email.ts), so two workers polling the same
 * mailbox, or a pass that died before marking, never import a message twice. Messages over the size
 * limit are marked seen without import (and counted as `tooLarge`).
 */
export async function pollImapOnce(db: Db, settings: ImapSettings, config: InboundConfig): Promise<{ seen: number; outcomes: ImportOutcome[]; tooLarge: number }> {
  const client = clientOf(settings);
  await client.connect();
  const outcomes: ImportOutcome[] = [];
  let seen = 0;
  let tooLarge = 0;
  try {
    const lock = await client.getMailboxLock(settings.mailbox ?? 'INBOX');
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      for (const uid of uids.slice(0, 200)) {
        const meta = await client.fetchOne(String(uid), { size: true }, { uid: true });
        if (meta && meta.size && meta.size > settings.maxBytes) {
          tooLarge++;
        } else {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (message && message.source) outcomes.push(await importInboundEmail(db, await parseMime(message.source), { source: 'imap', config }));
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        seen++;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { seen, outcomes, tooLarge };
}
