import { execFileSync } from 'node:child_process';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';

type Family = { name: string; metrics: { value?: string; labels?: Record<string, string> }[] };

describe('metrics of several web servers on one port (npm start, WEB_CONCURRENCY)', () => {
  it('a scrape answered by one web server counts the requests of all of them', () => {
    // Real processes: a node:cluster primary with two workers that answered 3 and 4 requests.
    const text = execFileSync(process.execPath, ['test/cluster/metrics-primary.mjs'], { encoding: 'utf8', timeout: 60_000 });
    const families = parsePrometheusTextFormat(text) as Family[];
    const requests = families.find((f) => f.name === 'paluu_http_requests_total');
    const customer = requests?.metrics.find((m) => m.labels?.group === 'customer');
    expect(Number(customer?.value)).toBe(7);
    const memory = families.find((f) => f.name === 'paluu_web_process_resident_memory_bytes');
    expect(memory?.metrics.length).toBe(1);
  });
});
