// Lets tests import modules that start with `import 'server-only'` (it only guards bundling).
import { vi } from 'vitest';

vi.mock('server-only', () => ({}));
