/**
 * The crash suite at bench size: a longer burst of submissions before the kill -9, repeated.
 * Not a test: run it by hand.
 *
 *   node --import tsx bench/crash.ts [--burst 200] [--rounds 5] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Each round runs test/resilience/crash.test.ts on a fresh database with CRASH_BURST
 * submissions; the kill lands after a quarter of them are acknowledged.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    burst: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    postgres: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const burst = Number.parseInt(values.burst, 10);
const rounds = Number.parseInt(values.rounds, 10);
if (!(burst > 3) || !(rounds > 0)) throw new Error('--burst must be over 3 and --rounds over 0');

let failed = 0;
for (let round = 1; round <= rounds; round++) {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=dot', 'test/resilience/crash.test.ts'],
    {
      cwd: join(import.meta.dirname, '..'),
      stdio: 'inherit',
      env: { ...process.env, TEST_DATABASE_URL: values.postgres, CRASH_BURST: String(burst) },
    },
  );
  if (result.status !== 0) failed++;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `crash round ${round}/${rounds}: burst ${burst}, ${seconds} s, exit ${result.status}`,
  );
}
console.log(`\ncrash: ${rounds - failed} of ${rounds} rounds passed`);
process.exit(failed ? 1 : 0);
