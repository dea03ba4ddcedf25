// customerio-node 5.2.0 against the benchmark's local server (started by `CustomerioTrack.Benchmarks compare`).
// Sequential awaits (one call in flight, like the .NET paths), retries off.
// Protocol with the parent: before each timed phase print "ready <workload>", wait for a line on stdin,
// run, then print one JSON line {workload, calls, seconds, errors}.
// --rounds R splits every count into R rounds, each gated separately, so the parent can interleave paths.
// Standalone: node compare.mjs --url http://127.0.0.1:PORT/api/v1 --workload workload.json --n 10000 --batch-n 1000 --standalone
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TrackClient } from 'customerio-node';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
};
const url = arg('--url');
const workload = JSON.parse(readFileSync(arg('--workload'), 'utf8'));
const n = Number(arg('--n', '10000'));
const batchN = Number(arg('--batch-n', '1000'));
const warmup = Number(arg('--warmup', '1000'));
const batchWarmup = Number(arg('--batch-warmup', '200'));
const rounds = Math.max(1, Number(arg('--rounds', '1')));
// The calls of one round: total split as evenly as possible, earlier rounds taking the remainder (as the .NET side does).
const share = (total, round) => Math.floor(total / rounds) + (round < total % rounds ? 1 : 0);
const standalone = process.argv.includes('--standalone');

// `retry.maxRetries` is the option name in customerio-node 5.2.0 (dist/lib/request.js DEFAULT_RETRY).
const cio = new TrackClient('bench-site', 'bench-key', { url, retry: { maxRetries: 0 } });

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function gate(name) {
  if (standalone) return;
  process.stdout.write(`ready ${name}\n`);
  await lines.next();
}

async function timed(name, count, call) {
  await gate(name);
  let errors = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    try { await call(); } catch { errors++; }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ workload: name, calls: count, seconds, errors }) + '\n');
}

const identify = () => cio.identify(workload.personId, workload.identify);
const track = () => cio.track(workload.personId, workload.event);
const batch = () => cio.batch(workload.batch);

// Warm-up is gated too, so it never overlaps the parent's timed phases of other paths.
await gate('warmup');
for (let i = 0; i < warmup; i++) { await identify(); await track(); }
for (let i = 0; i < batchWarmup; i++) { await batch(); }
if (!standalone) process.stdout.write('warm\n');
for (let round = 0; round < rounds; round++) {
  await timed('identify', share(n, round), identify);
  await timed('track', share(n, round), track);
  await timed('batch ~495 KB', share(batchN, round), batch);
}
process.exit(0);
