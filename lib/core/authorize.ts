import type { Actor, ApiKeyActor, StaffActorRef } from './actor';
import type { ApiScope, StaffRole } from './enums';
import { AppError } from './errors';

/**
 * What staff may do. Every staff use case (and page that shows or hides an admin control) asks for
 * exactly one of these; the role → permission table below is the only place that says who holds it.
 */
export type StaffPermission =
  // The desk: every signed-in staff member.
  | 'cases.work' // queue, case detail, assign, status/priority, notes, replies, bulk updates
  | 'returns.process' // approve, reject, receive, inspect, complete, retry the label, enter a pending parcel's tracking
  | 'compensations.grant' // goodwill within the agent's limit (above it waits for an admin)
  | 'csat.resend'
  | 'delays.read'
  | 'outbox.read' // customer mail
  | 'reports.read' // reports, SLA figures and their refresh
  | 'trackingLinks.revoke'
  | 'refunds.retry' // send a failed refund to its rail again (same amount, same idempotency key)
  // Admin only.
  | 'compensations.approve' // approve/reject above an agent's limit
  | 'compensations.unlimited' // grant without a limit
  | 'delays.policy' // delay notice send policy
  | 'outbox.readStaffMail' // invitations and security notices to staff
  | 'payouts.manage' // bank-transfer refunds: SEPA batches, mark paid, the shop's payout account
  | 'privacy.manage' // retention, export and erasure
  | 'settings.manage' // branding, email templates, return policy, carriers, SLA and delay settings
  | 'staff.manage'; // invite, role, disable, reset two-factor

/** A merchant API key's permission is its scope. */
export type ApiPermission = `api:${ApiScope}`;

export type Permission = StaffPermission | ApiPermission;

const DESK = [
  'cases.work',
  'returns.process',
  'compensations.grant',
  'csat.resend',
  'delays.read',
  'outbox.read',
  'reports.read',
  'trackingLinks.revoke',
  'refunds.retry',
] as const satisfies readonly StaffPermission[];

/** The one role → permissions table. Admins hold everything agents hold. */
export const rolePermissions: Record<StaffRole, ReadonlySet<StaffPermission>> = {
  agent: new Set<StaffPermission>(DESK),
  admin: new Set<StaffPermission>([
    ...DESK,
    'compensations.approve',
    'compensations.unlimited',
    'delays.policy',
    'outbox.readStaffMail',
    'payouts.manage',
    'privacy.manage',
    'settings.manage',
    'staff.manage',
  ]),
};

/** The actor a permission can belong to: staff permissions to staff, `api:*` to API keys. */
export type ActorFor<P extends Permission> = P extends ApiPermission ? ApiKeyActor : StaffActorRef;

function isApiPermission(permission: Permission): permission is ApiPermission {
  return permission.startsWith('api:');
}

/** Whether a staff role holds the permission (for code that has the role but not a whole actor). */
export function roleCan(role: StaffRole, permission: StaffPermission): boolean {
  return rolePermissions[role].has(permission);
}

/** Whether the actor holds the permission (for showing or hiding a control; use cases call `authorize`). */
export function can(actor: Actor | Pick<StaffActorRef, 'type' | 'role'>, permission: Permission): boolean {
  if (isApiPermission(permission)) return actor.type === 'merchant_api' && 'scopes' in actor && actor.scopes.includes(permission.slice(4));
  return actor.type === 'staff' && 'role' in actor && rolePermissions[actor.role].has(permission);
}

/**
 * Every use case's first line: returns the actor narrowed to its kind, or throws `forbidden`
 * (an actor of the wrong kind — customer, carrier, system — holds no staff permission either).
 * The routes have authenticated already; the use case decides on its own (defence in depth).
 */
export function authorize<P extends Permission>(actor: Actor, permission: P): ActorFor<P> {
  if (can(actor, permission)) return actor as ActorFor<P>;
  if (isApiPermission(permission)) {
    throw new AppError('forbidden', `This API key lacks the scope ${permission.slice(4)}.`, { details: { scope: permission.slice(4) } });
  }
  throw new AppError('forbidden', `Not allowed: ${permission}.`, { details: { permission } });
}
