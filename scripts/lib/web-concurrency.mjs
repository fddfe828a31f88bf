import { availableParallelism } from 'node:os';

/**
 * How many web servers `npm start` runs in production (scripts/start.mjs): WEB_CONCURRENCY, by default one per
 * core this process may use. The page benchmark waits for that many to listen.
 */
export function webConcurrency(env = process.env) {
  return Math.max(1, Number(env.WEB_CONCURRENCY ?? availableParallelism()) || 1);
}
