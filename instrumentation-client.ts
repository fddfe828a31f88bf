import { z } from 'zod';

// Runs before any page script (Next.js instrumentation-client). Zod 4 probes `new Function` to
// compile fast parsers; under our nonce Content-Security-Policy that probe is a CSP violation
// (reported even though Zod catches it). Jitless mode skips the probe; parsing stays correct.
z.config({ jitless: true });
