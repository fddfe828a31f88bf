import type { Db } from '@/db';

/** Who is acting. Every use case takes `(ctx, input)` and records this actor in `case_events`. */
export type Actor =
  | { type: 'customer'; orderId: string }
  | { type: 'staff'; staffId: string; role: 'agent' | 'admin' }
  | { type: 'merchant_api'; apiKeyId: string; scopes: readonly string[] }
  | { type: 'carrier'; carrier: string }
  | { type: 'system' };

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
