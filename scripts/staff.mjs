// npm run staff -- create --email E --role agent|admin [--password P] [--name N] [--locale fi|en]
// Creates a staff account in DATABASE_URL or the embedded database (attaches to a running one).
// Without --password a strong one is generated and printed once. Admins set up two-factor at first login.
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { staffUsers } from '../db/schema/index.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

function usage(message) {
  if (message) console.error(`Error: ${message}\n`);
  console.error('Usage: npm run staff -- create --email you@shop.example --role agent|admin [--password P] [--name N] [--locale fi|en|sv|da|nb]');
  process.exit(message ? 1 : 0);
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'create') usage(command ? `unknown command "${command}"` : undefined);
const opts = {};
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i];
  if (!arg.startsWith('--')) usage(`unexpected "${arg}"`);
  const [key, inline] = arg.slice(2).split('=', 2);
  opts[key] = inline ?? rest[++i];
}
const email = String(opts.email ?? '').trim();
const role = opts.role ?? 'agent';
const locale = opts.locale ?? 'en';
if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) usage('--email must be an email address');
if (!['agent', 'admin'].includes(role)) usage('--role must be agent or admin');
if (!['fi', 'sv', 'en', 'da', 'nb'].includes(locale)) usage('--locale must be fi, sv, en, da or nb');
const generated = !opts.password;
const password = opts.password ?? randomBytes(18).toString('base64url');
if (password.length < 8) usage('--password must be at least 8 characters');
const name = String(opts.name ?? email.split('@')[0]).slice(0, 200);

const target = await resolveDatabase();
const db = createDb(target.url, { max: 1 });
try {
  await runMigrations(target.url);
  const [existing] = await db.select({ id: staffUsers.id }).from(staffUsers).where(sql`lower(${staffUsers.email}) = ${email.toLowerCase()}`);
  if (existing) {
    console.error(`Error: a staff account with the email ${email} already exists.`);
    process.exitCode = 1;
  } else {
    await db.insert(staffUsers).values({ email, name, role, locale, passwordHash: await hash(password) });
    console.log(`Created ${role} ${email}.`);
    if (generated) console.log(`Password (shown once): ${password}`);
    if (role === 'admin') console.log('Two-factor is required for admins: the first login at /staff/login shows the QR code to enrol an authenticator app.');
  }
} finally {
  await db.$end();
  await target.release();
}
