import type { Db } from '@/db';
import type { StaffRole } from './enums';

/**
 * Who is acting. Every use case takes `(ctx, input)`, decides with `authorize(ctx.actor, permission)`
 * and records this actor on its audit row.
 *
 * - `customer`: someone holding a grant for one order (magic link / order-number lookup); `orderId` is the grant.
 * - `staff`: a signed-in staff member (both factors done) with a role; the role decides the permissions.
 * - `merchant_api`: an API key with its scopes.
 * - `carrier`: a carrier webhook or poller that authenticated as that carrier.
 * - `system`: the worker, the CLI and scheduled jobs.
 */
export type Actor =
  | { type: 'customer'; orderId: string }
  | { type: 'staff'; staffId: string; role: StaffRole }
  | { type: 'merchant_api'; apiKeyId: string; scopes: readonly string[] }
  | { type: 'carrier'; carrier: string }
  | { type: 'system' };

/** A customer's grant on one order: `verified` (signed in by email code or order number + email) or `link` (a tracking link, redacted). */
export type OrderAccess = { orderId: string; level: 'verified' } | { orderId: string; level: 'link'; linkId: string };
export type AccessLevel = OrderAccess['level'];
/** The order grants a customer's cookie carries. */
export type OrderGrants = { verified: string[]; links: string[]; redacted?: string[] };

export type StaffActorRef = Extract<Actor, { type: 'staff' }>;
export type ApiKeyActor = Extract<Actor, { type: 'merchant_api' }>;

/** The request context every use case receives: the database (or transaction) and who acts. */
export type Ctx = { db: Db; actor: Actor };

/** The `(actor_type, actor_id)` pair stored on audit rows. */
export function actorColumns(actor: Actor): { actorType: Actor['type']; actorId: string | null } {
  switch (actor.type) {
    case 'customer':
      return { actorType: 'customer', actorId: actor.orderId };
    case 'staff':
      return { actorType: 'staff', actorId: actor.staffId };
    case 'merchant_api':
      return { actorType: 'merchant_api', actorId: actor.apiKeyId };
    case 'carrier':
      return { actorType: 'carrier', actorId: actor.carrier };
    case 'system':
      return { actorType: 'system', actorId: null };
  }
}
