import type { DbOrTx } from '@/db';
import type { EmailPayload } from '@/db/schema';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { readAppSecret } from '@/lib/settings/read-app-secret';

/**
 * One-time secrets in outgoing mail (staff invitation links, reset links). The stored and viewable
 * body carries a visible placeholder; the real value is sealed in `outbox.sealed_secrets`, put back
 * only into the copy handed to the SMTP server, and wiped once the message has left.
 * No `server-only`: the worker dispatches.
 */
export type OutboxSecret = { placeholder: string; value: string };

const PURPOSE = 'outbox-secret';

/** What a staff reader sees where the secret was, e.g. `…/staff/invite/[hidden]`. */
export const SECRET_PLACEHOLDER = '[hidden]';

/** Whether some text still contains any of the secret values (defence in depth before storing). */
export function containsSecret(payload: EmailPayload, secrets: ReadonlyArray<OutboxSecret>): boolean {
  const all = `${payload.subject}\n${payload.html}\n${payload.text}`;
  return secrets.some((s) => s.value.length > 0 && all.includes(s.value));
}

export async function sealOutboxSecrets(db: DbOrTx, secrets: ReadonlyArray<OutboxSecret>): Promise<string | null> {
  if (secrets.length === 0) return null;
  return sealSecret(JSON.stringify(secrets), await readAppSecret(db), PURPOSE);
}

/** The body to send: every placeholder replaced by its secret (in both the HTML and the text part). */
export async function revealOutboxSecrets(db: DbOrTx, payload: EmailPayload, sealed: string | null): Promise<EmailPayload> {
  if (!sealed) return payload;
  const secrets = JSON.parse(openSecret(sealed, await readAppSecret(db), PURPOSE)) as OutboxSecret[];
  let { html, text } = payload;
  for (const { placeholder, value } of secrets) {
    html = html.split(placeholder).join(value);
    text = text.split(placeholder).join(value);
  }
  return { ...payload, html, text };
}
