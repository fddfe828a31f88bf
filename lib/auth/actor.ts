/** Moved to lib/core/actor.ts (issue #13); this path stays so existing imports keep compiling. */
export { actorColumns, type Actor, type ApiKeyActor, type Ctx, type RequestCtx, type StaffActorRef } from '@/lib/core/actor';
