// Lets the worker (plain Node) load modules that start with `import 'server-only'` — a marker that only guards
// the Next.js client bundle, like test/setup.ts does for vitest. The webhook fan-out builds bodies with the
// API's own DTO queries (lib/orders/api-queries.ts, lib/returns/api-queries.ts), which carry that marker.
// Registered by scripts/worker.mjs before it imports the subscribers.
export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return next(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
  return next(specifier, context);
}
