import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { runDueJobs, scheduleJobs } from '../../jobs/runner.ts';
import { scheduledJobs } from '../../jobs/schedule.ts';
import { waitUntilSealable, writeEvents } from './testing.ts';
import { verifyAudit } from './verify.ts';

test('the scheduled sealer chains new events and logs the head', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const lines: object[] = [];
  const logger = { info: (d: object) => void lines.push(d), warn() {}, error() {} };
  try {
    const jobs = scheduledJobs();
    assert.ok(jobs.some((j) => j.name === 'audit.seal' && j.intervalSeconds <= 10));
    await writeEvents(database.db, clock, 3);
    await waitUntilSealable(database.db);
    await scheduleJobs(database, clock, jobs);
    await runDueJobs({ database, clock, logger, jobs });
    const verified = await verifyAudit(database.db);
    assert.ok(verified.ok);
    assert.equal(verified.rows, 3);
    assert.deepEqual(lines, [{ sealed: 3, head: verified.head }]);
  } finally {
    await database.close();
  }
});
