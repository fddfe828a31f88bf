// npm run audit:deps — the dependency gate (CI): fails on any high or critical advisory.
// If the registry's audit endpoint cannot be reached, the check says so loudly; it fails too when
// AUDIT_REQUIRED=1 (set it where the endpoint is reachable, e.g. a hosted CI runner).
import { spawnSync } from 'node:child_process';
import { evaluateAudit } from './lib/audit-report.mjs';

const run = spawnSync('npm', ['audit', '--audit-level=high', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const result = evaluateAudit(run.stdout);
if (result.status === 'findings') {
  console.error(`npm audit: ${result.findings.length} high/critical advisories — the build fails until they are fixed:`);
  for (const line of result.findings) console.error(`  ${line}`);
  process.exit(1);
}
if (result.status === 'unavailable') {
  const required = process.env.AUDIT_REQUIRED === '1';
  console.error(`npm audit: NOT CHECKED — the registry's audit endpoint is unavailable (${result.message}).${required ? '' : ' Set AUDIT_REQUIRED=1 to fail on this.'}`);
  process.exit(required ? 1 : 0);
}
const c = result.counts;
console.log(`npm audit: no high or critical advisories (critical ${c.critical ?? 0}, high ${c.high ?? 0}, moderate ${c.moderate ?? 0}, low ${c.low ?? 0}).`);
