// npm run carriers -- parse <carrier> <file|-> [--kind tracking|push] [--zone <IANA zone>]
// Prints the normalized events of one carrier document as JSON lines (lib/carriers/cli.ts); exit 1 on a
// format error, 2 when the document is the carrier's "not found".
import { readFile } from 'node:fs/promises';
import { runCarriersCli } from '../lib/carriers/cli.ts';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await runCarriersCli(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  readStdin,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
