#!/usr/bin/env node
// `npm test`: lint, typecheck, vitest (unit + integration) and Playwright (e2e), in the least wall time on 2 cores.
//   1. What the suites need from the system (Chromium, Dovecot, xmllint, the Vendure engine), one at a time:
//      each may call apt, which takes one lock.
//   2. vitest, beside lint → typecheck → next build. vitest runs its files one at a time against one PostgreSQL
//      and keeps about one core busy with it (334 CPU-seconds in 300 s alone); the chain (~170 CPU-seconds)
//      takes the other. The build skips its own type check (PALUU_TYPECHECKED=1): the chain's `tsc --noEmit`
//      has just passed.
//   3. Playwright against that build (it needs both cores).
// vitest's output streams; the chain's is printed when it ends. The first failure stops the other side and
// exits with its code.
import { spawn, spawnSync } from 'node:child_process';

const bin = (name) => `node_modules/.bin/${name}`;
const children = new Set();

/** One command with its own process group, so a failure on one side stops all of the other's processes. */
function run(label, command, args, { env = {}, capture = false } = {}) {
  const started = Date.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  children.add(child);
  let output = '';
  if (capture) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  return new Promise((resolve) => {
    child.once('error', (error) => {
      children.delete(child);
      resolve({ label, code: 1, output: `${output}${error.message}\n`, seconds: (Date.now() - started) / 1000 });
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ label, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopAll();
    process.exit(130);
  });
}

const heading = (text) => console.log(`\n> ${text}`);

// 1. System packages and the Vendure engine.
for (const script of ['ensure-chromium', 'ensure-dovecot', 'ensure-xmllint', 'ensure-vendure']) {
  const result = spawnSync(process.execPath, [`scripts/${script}.mjs`], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// 2. vitest beside lint → typecheck → build.
heading('vitest run (unit + integration), beside lint → typecheck → next build (printed when it ends)');
async function chain() {
  const steps = [
    ['eslint .', bin('eslint'), ['.']],
    ['tsc --noEmit', bin('tsc'), ['--noEmit']],
    ['next build', bin('next'), ['build'], { NEXT_TELEMETRY_DISABLED: '1', PALUU_TYPECHECKED: '1' }],
  ];
  let printed = '';
  for (const [label, command, args, env] of steps) {
    const result = await run(label, command, args, { capture: true, env });
    printed += `\n> ${label} (${result.seconds.toFixed(0)} s)\n${result.output}`;
    if (result.code !== 0) return { label, code: result.code, output: printed };
  }
  return { label: 'lint, typecheck, build', code: 0, output: printed };
}
const vitest = run('vitest run', bin('vitest'), ['run']);
const built = chain();

// Whichever side fails first stops the other; otherwise both are waited for.
const first = await Promise.race([vitest.then((r) => ({ side: 'vitest', r })), built.then((r) => ({ side: 'chain', r }))]);
if (first.side === 'chain') process.stdout.write(first.r.output);
if (first.r.code !== 0) {
  stopAll();
  console.error(`\nnpm test: ${first.r.label} failed (exit ${first.r.code})`);
  process.exit(first.r.code);
}
const second = first.side === 'vitest' ? await built : await vitest;
if (first.side === 'vitest') process.stdout.write(second.output);
if (second.code !== 0) {
  console.error(`\nnpm test: ${second.label} failed (exit ${second.code})`);
  process.exit(second.code);
}

// 3. Playwright against the build.
heading('playwright test');
const e2e = await run('playwright test', bin('playwright'), ['test']);
process.exit(e2e.code);
