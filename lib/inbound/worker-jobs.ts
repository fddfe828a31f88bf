/**
 * Inbound email in the worker (scripts/worker.mjs): the SMTP listener (INBOUND_SMTP_PORT, off when unset)
 * and the IMAP poll (INBOUND_IMAP_URL, every minute, one worker at a time through a pg-boss singleton;
 * the import is idempotent by Message-ID anyway). Both need INBOUND_EMAIL_ADDRESS. See docs/inbound-email.md.
 */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { inboundConfig, inboundMaxBytes } from '@/lib/cases/inbound-config';
import { imapSettings, pollImapOnce } from './imap-poller';
import { startInboundSmtp, type InboundListener } from './smtp-listener';

export const INBOUND_IMAP_QUEUE = 'inbound-imap-poll';

export async function registerInboundJobs(
  boss: JobBoss,
  db: Db,
  log: (message: string) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<{ smtp: InboundListener | null }> {
  const config = inboundConfig(env);
  const wantsSmtp = Boolean(env.INBOUND_SMTP_PORT);
  const imap = imapSettings(env, inboundMaxBytes(env));
  if (!config) {
    if (wantsSmtp || imap) log('inbound email: INBOUND_EMAIL_ADDRESS is not set (e.g. support@shop.example); SMTP listener and IMAP polling stay off');
    return { smtp: null };
  }
  let smtp: InboundListener | null = null;
  if (wantsSmtp) {
    const port = Number(env.INBOUND_SMTP_PORT);
    try {
      smtp = await startInboundSmtp(db, { port, host: env.INBOUND_SMTP_HOST || '0.0.0.0', config, log });
      log(`inbound email: SMTP listener on port ${smtp.port} for *@${config.domain}`);
    } catch (error) {
      // Two workers on one host cannot share the port: the second keeps working without a listener.
      log(`inbound email: SMTP listener not started on port ${port}: ${(error as Error).message}`);
    }
  }
  if (imap) {
    await registerPeriodicJob(boss, {
      queue: INBOUND_IMAP_QUEUE,
      cron: '* * * * *',
      expireInSeconds: 300,
      run: async () => {
        const r = await pollImapOnce(db, imap, config);
        if (r.seen > 0) log(`inbound email: ${r.seen} read from IMAP (${r.outcomes.map((o) => o.outcome).join(', ') || 'none imported'}${r.tooLarge ? `, ${r.tooLarge} over the size limit` : ''})`);
      },
    });
    log(`inbound email: polling ${new URL(imap.url).hostname} every minute`);
  }
  return { smtp };
}
