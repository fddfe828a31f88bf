import { defineConfig } from 'drizzle-kit';

// Only `npm run db:generate` reads this; it needs no database connection.
export default defineConfig({
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dialect: 'postgresql',
  casing: 'snake_case',
  strict: true,
  verbose: true,
});
