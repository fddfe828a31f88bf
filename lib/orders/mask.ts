/** Moved to lib/core/mask.ts (issue #13: tracking and delay emails need it, below lib/orders); re-exported here. */
export * from '@/lib/core/mask';
