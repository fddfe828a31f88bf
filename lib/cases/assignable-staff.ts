import { and, isNull, type SQL, sql } from 'drizzle-orm';
import { staffUsers } from '@/db/schema';

/**
 * Staff who can be handed work: enabled, and past their invitation — they accepted it, signed in at
 * least once, or were never invited (created from the CLI or the seed). A pending invitee has no
 * password yet and must not appear under "Transfer to".
 */
export function assignableStaff(): SQL {
  return and(
    isNull(staffUsers.disabledAt),
    sql`(${staffUsers.lastLoginAt} is not null
         or not exists (select 1 from staff_invites i where i.staff_user_id = ${staffUsers.id} and i.used_at is null)
         or exists (select 1 from staff_invites i where i.staff_user_id = ${staffUsers.id} and i.used_at is not null))`,
  )!;
}
