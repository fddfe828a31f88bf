// Reads `npm audit --json` output and decides the CI gate: high or critical advisories fail it.
const BLOCKING = ['high', 'critical'];

/**
 * @returns {{ status: 'ok' | 'findings' | 'unavailable', counts?: Record<string, number>, findings?: string[], message?: string }}
 */
export function evaluateAudit(jsonText) {
  let report;
  try {
    report = JSON.parse(jsonText);
  } catch {
    return { status: 'unavailable', message: 'npm audit printed no JSON report' };
  }
  // The registry's audit endpoint failed (offline, a mirror without it, 4xx/5xx).
  if (report.error || report.statusCode || report.message) {
    return { status: 'unavailable', message: report.error?.summary || report.message || `status ${report.statusCode}` };
  }
  const counts = report.metadata?.vulnerabilities ?? {};
  const findings = Object.values(report.vulnerabilities ?? {})
    .filter((v) => BLOCKING.includes(v.severity))
    .map((v) => {
      const via = (v.via ?? []).map((x) => (typeof x === 'string' ? x : `${x.title ?? ''} ${x.url ?? ''}`.trim())).join('; ');
      return `${v.severity.toUpperCase()} ${v.name} ${v.range ?? ''}${v.fixAvailable ? ' (fix available)' : ''}: ${via}`;
    });
  return findings.length ? { status: 'findings', counts, findings } : { status: 'ok', counts };
}
