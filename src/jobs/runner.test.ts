import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testClock } from '../../test/support/clock.ts';
import { testDatabase, usingPostgres } from '../../test/support/database.ts';
import { openDatabase } from '../db/database.ts';
import {
  runDueJobs,
  scheduleJobs,
  startJobRunner,
  type JobLogger,
  type ScheduledJob,
} from './runner.ts';

const quiet: JobLogger = { info() {}, warn() {}, error() {} };

function countingJob(name = 'test.count', intervalSeconds = 60) {
  const job: ScheduledJob & { runs: number } = {
    name,
    intervalSeconds,
    runs: 0,
    async run() {
      job.runs++;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return job;
}

test('a due job runs once, then not again until its interval has passed', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const job = countingJob();
  try {
    await scheduleJobs(database, clock, [job]);
    assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: [job] }), [
      'test.count',
    ]);
    assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: [job] }), []);
    clock.advance(59_000);
    assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: [job] }), []);
    clock.advance(1_000);
    assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: [job] }), [
      'test.count',
    ]);
    assert.equal(job.runs, 2);
    const row = await database.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(row.runs, 2);
    assert.equal(row.last_error, null);
    assert.deepEqual(row.next_run_at, new Date(clock.now().getTime() + 60_000));
  } finally {
    await database.close();
  }
});

test('a failed run is recorded and tried again after the interval', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const errors: object[] = [];
  const logger: JobLogger = { ...quiet, error: (details) => void errors.push(details) };
  const job: ScheduledJob = {
    name: 'test.fail',
    intervalSeconds: 10,
    run: () => Promise.reject(new Error('chain head missing')),
  };
  try {
    await scheduleJobs(database, clock, [job]);
    await runDueJobs({ database, clock, logger, jobs: [job] });
    const row = await database.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(row.last_error, 'Error: chain head missing');
    assert.equal(row.failures, 1);
    assert.deepEqual(errors, [{ job: 'test.fail', error: 'Error: chain head missing' }]);
    clock.advance(10_000);
    assert.deepEqual(await runDueJobs({ database, clock, logger, jobs: [job] }), ['test.fail']);
  } finally {
    await database.close();
  }
});

test('a run still going is not started again until its lease runs out', async () => {
  const database = await testDatabase();
  const clock = testClock();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let runs = 0;
  const job: ScheduledJob = {
    name: 'test.slow',
    intervalSeconds: 5,
    leaseSeconds: 60,
    async run() {
      runs++;
      if (runs === 1) await held;
    },
  };
  try {
    await scheduleJobs(database, clock, [job]);
    const first = runDueJobs({ database, clock, logger: quiet, jobs: [job] });
    while (runs === 0) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(30_000);
    assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: [job] }), []);
    clock.advance(31_000);
    assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: [job] }), [
      'test.slow',
    ]);
    release();
    await first;
    assert.equal(runs, 2);
  } finally {
    await database.close();
  }
});

test('scheduling again keeps the next run and takes the new interval', async () => {
  const database = await testDatabase();
  const clock = testClock();
  try {
    await scheduleJobs(database, clock, [countingJob('test.a', 60)]);
    const before = await database.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .executeTakeFirstOrThrow();
    clock.advance(5_000);
    await scheduleJobs(database, clock, [countingJob('test.a', 30)]);
    const after = await database.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.deepEqual(after.next_run_at, before.next_run_at);
    assert.equal(after.interval_seconds, 30);
  } finally {
    await database.close();
  }
});

test('the runner polls until stopped, and stop waits for the run in progress', async () => {
  const database = await testDatabase();
  const clock = testClock();
  let ran!: () => void;
  const first = new Promise<void>((resolve) => (ran = resolve));
  let finished = false;
  const job: ScheduledJob = {
    name: 'test.poll',
    intervalSeconds: 1,
    async run() {
      ran();
      await new Promise((resolve) => setImmediate(resolve));
      finished = true;
    },
  };
  try {
    const runner = startJobRunner({ database, clock, logger: quiet, jobs: [job], pollMs: 10 });
    await first;
    await runner.stop();
    assert.equal(finished, true);
  } finally {
    await database.close();
  }
});

test(
  'two runners on one PostgreSQL database run a due job exactly once',
  { skip: !usingPostgres() && 'PostgreSQL only (set TEST_DATABASE_URL)' },
  async () => {
    const database = await testDatabase();
    const name = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(database.db))
      .rows[0]!.db;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const other = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
    const clock = testClock();
    const job = countingJob('test.once', 60);
    try {
      await scheduleJobs(database, clock, [job]);
      // Four claims at once, two through each instance's pool.
      const ran = await Promise.all([
        runDueJobs({ database, clock, logger: quiet, jobs: [job] }),
        runDueJobs({ database: other, clock, logger: quiet, jobs: [job] }),
        runDueJobs({ database, clock, logger: quiet, jobs: [job] }),
        runDueJobs({ database: other, clock, logger: quiet, jobs: [job] }),
      ]);
      assert.equal(job.runs, 1);
      assert.equal(ran.flat().length, 1);
      clock.advance(60_000);
      await Promise.all([
        runDueJobs({ database, clock, logger: quiet, jobs: [job] }),
        runDueJobs({ database: other, clock, logger: quiet, jobs: [job] }),
      ]);
      assert.equal(job.runs, 2);
      const row = await database.db
        .selectFrom('scheduled_jobs')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(row.runs, 2);
    } finally {
      await other.close();
      await database.close();
    }
  },
);
