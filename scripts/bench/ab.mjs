// node scripts/bench/ab.mjs <urlA> <urlB> [cookie] — which of two running builds (or settings) renders a page faster.
// On this shared 2-vCPU machine the same page's req/s moves by ±30 % between two runs a minute apart, far more than
// most changes are worth. Interleaving short bursts against A and B (ABBAABBA…) puts both under the same machine
// at the same moments; A against itself gives B/A = 1.00 ± 0.03 here. Start A and B as two servers on two ports
// (same database), then compare. AB_ROUNDS (8), AB_SECONDS (3) per burst, AB_CONNECTIONS (20). Prints req/s per
// burst and the ratio B/A; asserts nothing.
import autocannon from 'autocannon';

const [urlA, urlB, cookie = ''] = process.argv.slice(2);
if (!urlA || !urlB) {
  console.error('usage: node scripts/bench/ab.mjs <urlA> <urlB> [cookie]');
  process.exit(2);
}
const ROUNDS = Number(process.env.AB_ROUNDS ?? 8);
const SECONDS = Number(process.env.AB_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 20);
const headers = cookie ? { cookie } : {};
const totals = { A: 0, B: 0 };
const bursts = { A: [], B: [] };

// Warm both up (route compilation, JIT) before anything counts.
for (const url of [urlA, urlB]) await autocannon({ url, connections: 4, amount: 60, headers });
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [['B', urlB], ['A', urlA]] : [['A', urlA], ['B', urlB]];
  for (const [name, url] of order) {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
    if (result.non2xx || result.errors || result.timeouts) console.error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    totals[name] += result.requests.total;
    bursts[name].push(Math.round(result.requests.total / SECONDS));
  }
}
const seconds = ROUNDS * SECONDS;
console.log(`A ${(totals.A / seconds).toFixed(1)} req/s  (bursts ${bursts.A.join(' ')})  ${urlA}`);
console.log(`B ${(totals.B / seconds).toFixed(1)} req/s  (bursts ${bursts.B.join(' ')})  ${urlB}`);
console.log(`B/A ${(totals.B / totals.A).toFixed(3)}`);
