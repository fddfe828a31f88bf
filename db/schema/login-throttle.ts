import { index, integer, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';
import { instant } from './columns';

/**
 * Failed staff sign-ins (passwords and second-factor codes), counted three ways with growing waits
 * instead of a hard lock (lib/auth/login-throttle.ts):
 *   (account, source)  one address against one account — the attacker's own counter
 *   (account, '*')     one account from every address — only slows (a short cap), sends the owner a notice
 *   ('*', source)      one address against every account (password spraying)
 * `source` is the client address, an IPv6 one cut to its /64.
 */
export const staffLoginThrottle = pgTable(
  'staff_login_throttle',
  {
    account: varchar({ length: 320 }).notNull(),
    source: varchar({ length: 64 }).notNull(),
    failures: integer().notNull().default(0),
    lastFailedAt: instant().notNull(),
    /** No attempt from this pair (or for this account / from this address) is checked before then. */
    blockedUntil: instant(),
    /** Account rows: when the owner was last told about the failures. */
    noticeSentAt: instant(),
  },
  (t) => [primaryKey({ name: 'staff_login_throttle_pkey', columns: [t.account, t.source] }), index('staff_login_throttle_last_failed_at_idx').on(t.lastFailedAt)],
);
