import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Db } from '@/db';
import { inboundConfig, inboundMaxBytes, type InboundConfig } from '@/lib/cases/inbound-config';
import { parseMime } from './from-mime';
import { importInboundEmail, type ImportOutcome } from './import-inbound-email';

export type InboundListener = { port: number; close(): Promise<void> };

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The SMTP listener the worker runs for a forwarding rule or an MX record (INBOUND_SMTP_PORT): it
 * accepts recipients at the inbound domain only (never an open relay), refuses messages over the size
 * limit while they stream, and answers 250 only after the message is imported (a failure answers 451,
 * so the sending server retries; a retry is a duplicate Message-ID and imported once).
 */
export async function startInboundSmtp(
  db: Db,
  options: { port: number; host?: string; config?: InboundConfig; maxBytes?: number; onImported?: (outcome: ImportOutcome) => void; log?: (line: string) => void },
): Promise<InboundListener> {
  const config = options.config ?? inboundConfig();
  if (!config) throw new Error('INBOUND_EMAIL_ADDRESS is not set: the inbound SMTP listener needs the address it receives for');
  const maxBytes = options.maxBytes ?? inboundMaxBytes();
  const server = new SMTPServer({
    name: config.domain,
    banner: 'Paluu inbound',
    authOptional: true,
    // Plain SMTP on the port given: put TLS in front (the MX host or a proxy) for mail from the Internet.
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    maxClients: 20,
    socketTimeout: 60_000,
    logger: false,
    onRcptTo(address, session, callback) {
      const domain = address.address.toLowerCase().split('@')[1];
      if (domain !== config.domain) return callback(smtpError(550, '5.7.1 Relaying denied: not a recipient of this shop'));
      if (session.envelope.rcptTo.length >= 20) return callback(smtpError(452, '4.5.3 Too many recipients'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError(552, `5.3.4 Message larger than ${maxBytes} bytes`));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        parseMime(Buffer.concat(chunks), { from, to: session.envelope.rcptTo.map((r) => r.address) })
          .then((message) => importInboundEmail(db, message, { source: 'smtp', config }))
          .then((outcome) => {
            options.onImported?.(outcome);
            callback();
          })
          .catch((error: Error) => {
            options.log?.(`inbound smtp: ${error.message}`);
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          });
      });
    },
  });
  server.on('error', (error) => options.log?.(`inbound smtp: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
