// Where a web server's CPU went: self time per code area and per function of a --cpu-prof profile (BENCH_CPU_PROF),
// as shares of the non-idle time, bundled code mapped back to its sources through the build's source maps.
// node scripts/bench/profile-summary.mjs <file.cpuprofile> [skip seconds: start of the load window] [top N] [area to list]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
const maps = new Map();
function original(url, line, column) {
  if (!url.includes('/.next/server/')) return url;
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (!maps.has(file)) maps.set(file, existsSync(file + '.map') ? new SourceMap(JSON.parse(readFileSync(file + '.map', 'utf8'))) : null);
  const map = maps.get(file);
  const entry = map?.findEntry(line, column);
  return entry?.originalSource ? entry.originalSource : url;
}
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipSeconds = Number(process.argv[3] ?? 0);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
let t = prof.startTime;
for (let i = 0; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i];
  if ((t - prof.startTime) / 1e6 < skipSeconds) continue;
  const d = prof.timeDeltas[i + 1] ?? 0;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + d);
}
const fn = new Map(), area = new Map();
let total = 0;
const areaOf = (url, name, n) => {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return '(program)';
  if (!url) return 'native/builtin';
  if (/intl-messageformat|icu-messageformat-parser|fast-memoize|@formatjs/.test(url)) return 'intl-messageformat';
  if (/use-intl|next-intl/.test(url)) return 'next-intl/use-intl';
  if (/node_modules\/react|react-server-dom|react-dom/.test(url)) return 'React (bundled)';
  if (/node_modules\/next\//.test(url) && /\.next\/server|turbopack/.test(n.callFrame.url)) return 'Next.js (bundled)';
  if (/node_modules\/zod/.test(url)) return 'zod';
  if (/^\[project\]\/(app|lib|i18n|db|proxy)|\/(app|lib|i18n|db)\//.test(url) && !/node_modules/.test(url)) return 'app code: ' + url.replace(/^\[project\]\//, '').split('/').slice(0, 2).join('/');
  if (/drizzle-orm/.test(url)) return 'drizzle';
  if (/node_modules\/postgres\//.test(url)) return 'postgres.js';
  if (/app-page.*runtime|react-server-dom|react-dom/.test(url)) return 'React renderer';
  if (/next\/dist/.test(url)) return 'Next.js server';
  if (/\.next\/server\/chunks\/ssr/.test(url)) return 'app chunks (ssr)';
  if (/\.next\/server/.test(url)) return 'app chunks (other)';
  if (/^node:/.test(url)) return 'node core';
  return 'other: ' + url.replace(/.*node_modules\//, '').split('/')[0];
};
for (const [id, us] of self) {
  const n = byId.get(id);
  const { functionName, lineNumber, columnNumber } = n.callFrame;
  if (functionName === '(idle)') continue;
  const url = original(n.callFrame.url, lineNumber, columnNumber);
  total += us;
  const key = `${functionName || '(anon)'} ${url.replace(/.*\/(node_modules|\.next)\//, '').replace(/^\[project\]\//, '')}:${lineNumber}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const a = areaOf(url, functionName, n);
  area.set(a, (area.get(a) ?? 0) + us);
}
console.log(`non-idle CPU ${(total / 1e6).toFixed(2)} s`);
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${n}`).join('\n');
console.log('-- by area\n' + top(area, 20));
console.log('-- top functions\n' + top(fn, Number(process.argv[4] ?? 25)));
if (process.argv[5]) {
  const want = process.argv[5];
  const sub = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const { functionName, lineNumber, columnNumber } = n.callFrame;
    if (functionName === '(idle)') continue;
    const url = original(n.callFrame.url, lineNumber, columnNumber);
    if (areaOf(url, functionName, n) !== want) continue;
    const key = `${functionName || '(anon)'} ${url}:${lineNumber}`;
    sub.set(key, (sub.get(key) ?? 0) + us);
  }
  console.log(`-- in ${want}\n` + top(sub, 15));
}
