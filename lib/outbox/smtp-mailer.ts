import nodemailer from 'nodemailer';
import type { Mailer } from './dispatch-outbox';

/** nodemailer over SMTP_URL (e.g. smtp://user:pass@smtp.example.com:587); null when unset. */
export function createSmtpMailer(smtpUrl = process.env.SMTP_URL, from = process.env.MAIL_FROM ?? 'Paluu <no-reply@localhost>'): Mailer {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  const domain = from.match(/@([^>\s]+)/)?.[1] ?? 'localhost';
  return {
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.payload.to,
        subject: message.payload.subject,
        html: message.payload.html,
        text: message.payload.text,
        replyTo: message.payload.replyTo,
        headers: message.payload.headers,
        attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        // Stable per outbox row: a receiving system can drop a duplicate of an in-doubt retry.
        messageId: `<${message.id}@${domain}>`,
      });
      return info.messageId;
    },
  };
}
