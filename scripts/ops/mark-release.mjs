// Points release.json at a released commit (default HEAD): the previous release that the compatibility run
// (scripts/ops/compat-check.mjs) starts against the new schema, and whose last migration the contract guard
// (db/migration-guard.test.ts) counts from. docs/operations.md, "Releases".
//   node scripts/ops/mark-release.mjs [<commit>]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const ref = process.argv[2] ?? 'HEAD';
let commit;
try {
  commit = git('rev-parse', '--verify', `${ref}^{commit}`);
} catch {
  console.error(`${ref} is not a commit of this repository.`);
  process.exit(2);
}
const journal = JSON.parse(git('show', `${commit}:db/migrations/meta/_journal.json`));
const release = { previous: commit, previousLastMigration: journal.entries.at(-1).tag };
writeFileSync('release.json', `${JSON.stringify(release, null, 2)}\n`);
console.log(`release.json: previous release ${commit.slice(0, 12)}, its last migration ${release.previousLastMigration}. Commit it.`);
