// A dispatcher in its own process, for the SIGKILL test (lib/webhooks/webhooks.test.ts): sends what is due once.
import { createDb } from '@/db';
import { dispatchWebhooks } from '@/lib/webhooks/dispatch-webhooks';

const db = createDb(process.env.DATABASE_URL!, { max: 2 });
const result = await dispatchWebhooks(db, { timeoutMs: 60_000, leaseMs: Number(process.env.LEASE_MS ?? 2000) });
console.log(JSON.stringify(result));
await db.$end();
