import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GET } from './openapi.json/route';

/**
 * Warnings of the recommended ruleset that the document has on purpose:
 * - info-license: the project has not chosen a license to state;
 * - no-server-example.com: `servers` is APP_URL, http://localhost:3000 when unset (as here);
 * - operation-4xx-response: GET /api/v1/openapi.json is public and has no 4xx answer.
 */
const KNOWN_WARNINGS = ['info-license', 'no-server-example.com', 'operation-4xx-response'];

type LintProblem = { ruleId: string; severity: 'error' | 'warn'; message: string; location: Array<{ pointer?: string }> };

describe('OpenAPI document', () => {
  it('passes `redocly lint` (recommended ruleset) with no error, offline', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paluu-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(await GET().json(), null, 2));
      const cli = path.join(process.cwd(), 'node_modules/@redocly/cli/bin/cli.js');
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json', `--config=${path.join(process.cwd(), 'redocly.yaml')}`], {
        cwd: dir,
        // No telemetry and no update check: the test needs no network.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 20 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => {
        // Exit code 1 means errors were found: show them through the assertions below.
        if (error.stdout) return { stdout: error.stdout };
        throw new Error(`redocly did not run: ${error.stderr ?? String(error)}`);
      });
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
      const describeProblem = (p: LintProblem) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;
      expect(report.problems.filter((p) => p.severity === 'error').map(describeProblem)).toEqual([]);
      expect(report.totals.errors).toBe(0);
      // A new kind of warning is looked at, not waved through.
      expect(report.problems.filter((p) => !KNOWN_WARNINGS.includes(p.ruleId)).map(describeProblem)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
