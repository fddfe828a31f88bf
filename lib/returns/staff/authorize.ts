import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';

export type StaffOnlyActor = Extract<Actor, { type: 'staff' }>;

/**
 * Every staff use case starts here: the route already authenticated, but the use case decides
 * on its own (defence in depth; the same function serves actions, routes and tests).
 */
export function assertStaff(actor: Actor, options: { role?: 'admin' } = {}): StaffOnlyActor {
  if (actor.type !== 'staff') throw new AppError('unauthorized');
  if (options.role === 'admin' && actor.role !== 'admin') throw new AppError('forbidden');
  return actor;
}
