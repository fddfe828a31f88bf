import { describe, expect, it } from 'vitest';
import { evaluateAudit } from '../../scripts/lib/audit-report.mjs';

// The CI dependency gate's decision, on the shapes `npm audit --json` prints.
describe('dependency audit gate', () => {
  it('fails on high and critical advisories and names them', () => {
    const report = {
      vulnerabilities: {
        next: { name: 'next', severity: 'critical', range: '<16.3.3', fixAvailable: true, via: [{ title: 'RCE in image optimizer', url: 'https://github.com/advisories/GHSA-x' }] },
        leftpad: { name: 'leftpad', severity: 'moderate', range: '*', via: [] },
        'react-dom': { name: 'react-dom', severity: 'high', range: '19.0.0', via: ['react'] },
      },
      metadata: { vulnerabilities: { critical: 1, high: 1, moderate: 1, low: 0 } },
    };
    const result = evaluateAudit(JSON.stringify(report));
    expect(result.status).toBe('findings');
    expect(result.findings).toEqual([
      'CRITICAL next <16.3.3 (fix available): RCE in image optimizer https://github.com/advisories/GHSA-x',
      'HIGH react-dom 19.0.0: react',
    ]);
  });

  it('passes with only moderate or low advisories', () => {
    const report = { vulnerabilities: { a: { name: 'a', severity: 'moderate', via: [] } }, metadata: { vulnerabilities: { moderate: 1 } } };
    expect(evaluateAudit(JSON.stringify(report)).status).toBe('ok');
  });

  it('reports an unreachable audit endpoint instead of passing silently', () => {
    expect(evaluateAudit(JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405 }))).toMatchObject({ status: 'unavailable', message: '405 Method Not Allowed' });
    expect(evaluateAudit('').status).toBe('unavailable');
  });
});
