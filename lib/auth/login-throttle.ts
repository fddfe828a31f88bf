import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { rateLimitKeyOf } from '@/lib/http/client-ip';

/**
 * Staff sign-in throttling that slows the attacker, not the owner (table `staff_login_throttle`).
 *
 * Every checked attempt (password or second-factor code) is counted up front, atomically, on three
 * counters; a success takes its count back. A counter past its free attempts sets a wait that doubles
 * with every further attempt, up to a cap — never a fixed lock:
 *   - one address against one account: 3 free, then 1 s, 2 s, 4 s … capped at 5 minutes;
 *   - one address against every account (spraying): 20 free, then doubling, capped at 15 minutes;
 *   - one account from every address: 50 free, then doubling, capped at 30 seconds — this is the only
 *     counter an attacker elsewhere can raise for the owner, so it only ever slows them a little.
 * Counters start again after an hour without failures. When an account collects NOTICE_AFTER failures
 * the owner is emailed (at most once an hour; lib/auth/login-notice.ts).
 */
export type ThrottleRule = { free: number; capSeconds: number };

export const PAIR_RULE: ThrottleRule = { free: 3, capSeconds: 5 * 60 };
export const SOURCE_RULE: ThrottleRule = { free: 20, capSeconds: 15 * 60 };
export const ACCOUNT_RULE: ThrottleRule = { free: 50, capSeconds: 30 };
/** Failures on one account (from anywhere) that make us tell its owner. */
export const NOTICE_AFTER = 10;
/** A counter with no failure for this long starts again. */
export const THROTTLE_WINDOW_SECONDS = 3600;

const ANY = '*';

/**
 * The address an attempt is counted under: the rate limits' own client key (`rateLimitKeyOf`: IPv4 as
 * is, IPv6 as its /64, IPv4-mapped as IPv4), cut to the column's 64 characters.
 */
export function throttleSource(ip: string): string {
  return rateLimitKeyOf(ip).slice(0, 64) || 'unknown';
}

function waitSql(failures: ReturnType<typeof sql>, rule: ThrottleRule, now: Date) {
  // The n-th attempt past the free ones waits 2^(n-1) seconds, capped; before that, no wait.
  return sql`case when ${failures} >= ${rule.free}
    then ${now.toISOString()}::timestamptz + make_interval(secs => least(${rule.capSeconds}::float8, power(2::float8, (${failures}) - ${rule.free})))
    else null end`;
}

export type AttemptClaim = { allowed: true; accountFailures: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt for `account` (lower-cased email) from `source` (see `throttleSource`) before it
 * is checked, in one statement: it is refused (and not counted) while any of its three counters asks
 * it to wait. Exact under concurrency: the pair counter is an `insert … on conflict do update … where
 * not waiting … returning`, so of many parallel attempts only those the rule allows get through.
 */
export async function claimLoginAttempt(db: DbOrTx, account: string, source: string, now: Date = new Date()): Promise<AttemptClaim> {
  const at = now.toISOString();
  // An existing counter idle for a whole window starts again at one.
  const next = (table: string) =>
    sql`case when ${sql.raw(`${table}.last_failed_at`)} < ${at}::timestamptz - make_interval(secs => ${THROTTLE_WINDOW_SECONDS}) then 1 else ${sql.raw(`${table}.failures`)} + 1 end`;
  const rows = await db.execute<{ pair: number | null; account_failures: number | null; wait_until: number | null }>(sql`
    with waiting as (
      select max(blocked_until) as until from staff_login_throttle
      where ((account = ${account} and source = ${source}) or (account = ${account} and source = ${ANY}) or (account = ${ANY} and source = ${source}))
        and blocked_until > ${at}::timestamptz
    ),
    pair as (
      insert into staff_login_throttle as t (account, source, failures, last_failed_at, blocked_until)
      select ${account}, ${source}, 1, ${at}::timestamptz, ${waitSql(sql`1`, PAIR_RULE, now)}
      where (select until from waiting) is null
      on conflict (account, source) do update set
        failures = ${next('t')},
        last_failed_at = ${at}::timestamptz,
        blocked_until = ${waitSql(next('t'), PAIR_RULE, now)}
      where t.blocked_until is null or t.blocked_until <= ${at}::timestamptz
      returning failures
    ),
    per_account as (
      insert into staff_login_throttle as t (account, source, failures, last_failed_at, blocked_until)
      select ${account}, ${ANY}, 1, ${at}::timestamptz, ${waitSql(sql`1`, ACCOUNT_RULE, now)} from pair
      on conflict (account, source) do update set
        failures = ${next('t')},
        last_failed_at = ${at}::timestamptz,
        blocked_until = ${waitSql(next('t'), ACCOUNT_RULE, now)}
      returning failures
    ),
    per_source as (
      insert into staff_login_throttle as t (account, source, failures, last_failed_at, blocked_until)
      select ${ANY}, ${source}, 1, ${at}::timestamptz, ${waitSql(sql`1`, SOURCE_RULE, now)} from pair
      on conflict (account, source) do update set
        failures = ${next('t')},
        last_failed_at = ${at}::timestamptz,
        blocked_until = ${waitSql(next('t'), SOURCE_RULE, now)}
      returning failures
    )
    select (select failures from pair) as pair,
           (select failures from per_account) as account_failures,
           extract(epoch from coalesce((select until from waiting),
                    (select blocked_until from staff_login_throttle where account = ${account} and source = ${source})))::float8 as wait_until`);
  const row = rows[0];
  if (row?.pair != null) return { allowed: true, accountFailures: row.account_failures ?? 1 };
  const until = row?.wait_until != null ? Number(row.wait_until) * 1000 : now.getTime() + 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/**
 * A claimed attempt succeeded: the attempt is taken back from the account and address totals (they
 * count failures only). With `resetPair` (fully signed in) this address's counter for the account
 * starts again; without it (a right password, the second factor still to come) only this attempt is
 * taken back, so alternating right passwords with guessed codes gains nothing. Waits set by the totals
 * stay until they run out.
 */
export async function settleSuccessfulAttempt(db: DbOrTx, account: string, source: string, options: { resetPair: boolean } = { resetPair: true }): Promise<void> {
  const pair = options.resetPair
    ? sql`delete from staff_login_throttle where account = ${account} and source = ${source} returning 1`
    : sql`update staff_login_throttle set failures = greatest(0, failures - 1),
            blocked_until = case when failures - 1 >= ${PAIR_RULE.free} then blocked_until else null end
          where account = ${account} and source = ${source} returning 1`;
  await db.execute(sql`
    with settled as (${pair})
    update staff_login_throttle set failures = greatest(0, failures - 1)
    where (account = ${account} and source = ${ANY}) or (account = ${ANY} and source = ${source})`);
}

/**
 * Marks that the owner of `account` is being told about failures, if nobody did in the last hour.
 * True for exactly one caller per hour, however many attempts fail at once.
 */
export async function claimAttackNotice(db: DbOrTx, account: string, now: Date = new Date()): Promise<boolean> {
  const rows = await db.execute<{ account: string }>(sql`
    update staff_login_throttle set notice_sent_at = ${now.toISOString()}::timestamptz
    where account = ${account} and source = ${ANY}
      and (notice_sent_at is null or notice_sent_at <= ${now.toISOString()}::timestamptz - interval '1 hour')
    returning account`);
  return rows.length === 1;
}

/** Drops counters idle for a day (the worker runs it hourly with the other housekeeping). */
export async function purgeLoginThrottle(db: DbOrTx, olderThanSeconds = 24 * 3600): Promise<number> {
  const rows = await db.execute<{ account: string }>(sql`
    delete from staff_login_throttle where last_failed_at < now() - make_interval(secs => ${olderThanSeconds})
      and (blocked_until is null or blocked_until < now()) returning account`);
  return rows.length;
}
