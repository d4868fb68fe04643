// npm run bench -- <name> [--size N]
// Runs one benchmark on PGlite (temporary data folder), or on PostgreSQL when DATABASE_URL is set.
// Progress goes to stderr; the last line on stdout is the result as one JSON object.
import { BENCHMARKS } from './benchmarks.ts';
import { runBenchmark, type BenchTarget } from './harness.ts';

function usage(problem: string): never {
  const list = Object.entries(BENCHMARKS)
    .map(([name, b]) => `  ${name.padEnd(16)} ${b.describe} (default size ${b.defaultSize})`)
    .join('\n');
  process.stderr.write(`${problem}\nusage: npm run bench -- <name> [--size N]\navailable benchmarks:\n${list}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let name: string | undefined;
let size: number | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--size' || arg.startsWith('--size=')) {
    const text = arg === '--size' ? args[++i] : arg.slice('--size='.length);
    size = Number(text);
    if (!Number.isInteger(size) || size < 1) usage(`--size wants a positive integer, not ${text}`);
  } else if (!arg.startsWith('-') && !name) {
    name = arg;
  } else {
    usage(`unexpected argument ${arg}`);
  }
}
if (!name) usage('which benchmark?');
if (!BENCHMARKS[name]) usage(`unknown benchmark ${name}`);

const database: BenchTarget = process.env.DATABASE_URL
  ? { engine: 'postgres', url: process.env.DATABASE_URL }
  : { engine: 'pglite' };

try {
  const result = await runBenchmark(name, { size, database, log: (m) => process.stderr.write(`${m}\n`) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
}
