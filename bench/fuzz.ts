/**
 * The bad-input suite at bench size: thousands of bodies per state-changing route instead of
 * CI's dozen. Not a test: run it by hand on a quiet machine (it takes a while).
 *
 *   node --import tsx bench/fuzz.ts [--runs 300] [--seed 42] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Runs test/resilience/fuzz.test.ts with FUZZ_RUNS, prints each route's status counts, and
 * exits non-zero on the first 5xx or refused body that wrote something (fast-check prints the
 * seed and the shrunk body to replay it with --seed).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    seed: { type: 'string' },
    postgres: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const runs = Number.parseInt(values.runs, 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');

const started = Date.now();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/resilience/fuzz.test.ts'],
  {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
    env: {
      ...process.env,
      TEST_DATABASE_URL: values.postgres,
      FUZZ_RUNS: String(runs),
      FUZZ_REPORT: '1',
      ...(values.seed ? { FUZZ_SEED: values.seed } : {}),
    },
  },
);
const seconds = (Date.now() - started) / 1000;
console.log(`\nfuzz: ${runs} runs per route, ${seconds.toFixed(1)} s, exit ${result.status}`);
process.exit(result.status ?? 1);
