import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sealedChain } from '../../../test/support/audit.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { runDueJobs, scheduleJobs } from '../../jobs/runner.ts';
import { scheduledJobs } from '../../jobs/schedule.ts';
import { latestCheckpoint } from './checkpoint.ts';
import { tamper, testAnchors, waitUntilSealable, writeEvents } from './testing.ts';
import { verifyAudit } from './verify.ts';

test('the scheduled sealer chains new events, writes a checkpoint and logs it', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const anchors = testAnchors();
  const lines: object[] = [];
  const logger = { info: (d: object) => void lines.push(d), warn() {}, error() {} };
  try {
    const jobs = scheduledJobs({ audit: anchors });
    assert.ok(jobs.some((j) => j.name === 'audit.seal' && j.intervalSeconds <= 10));
    await writeEvents(database.db, clock, 3);
    await waitUntilSealable(database.db);
    await scheduleJobs(database, clock, jobs);
    await runDueJobs({ database, clock, logger, jobs });
    const verified = await verifyAudit(database.db, anchors);
    assert.ok(verified.ok);
    assert.equal(verified.rows, 3);
    const latest = latestCheckpoint(anchors.checkpointDir);
    assert.ok(latest.found && latest.checkpoint);
    assert.deepEqual(
      { seq: latest.checkpoint.seq, hash: latest.checkpoint.hash },
      verified.head,
      'the checkpoint holds the head',
    );
    assert.deepEqual(lines, [{ sealed: 3, checkpoint: latest.checkpoint, written: true }]);
    // Nothing new: no checkpoint, no line.
    clock.advance(10_000);
    await runDueJobs({ database, clock, logger, jobs });
    assert.equal(lines.length, 1);
  } finally {
    await database.close();
  }
});

test('the first run with a key keys a chain sealed without one, and logs that it did', async () => {
  const { database, clock, anchors } = await sealedChain(3);
  const lines: { details: object; message: string }[] = [];
  const logger = {
    info: (details: object, message: string) => void lines.push({ details, message }),
    warn() {},
    error() {},
  };
  try {
    // As migration 0100 finds a chain sealed before keys: no MACs, no checkpoint.
    await tamper(database.db, 'DELETE FROM audit_seal_macs');
    const upgraded = testAnchors([anchors.keyring.current]);
    const jobs = scheduledJobs({ audit: upgraded });
    await scheduleJobs(database, clock, jobs);
    await runDueJobs({ database, clock, logger, jobs });
    assert.deepEqual(lines[0], {
      details: { keyed: 3, keyId: anchors.keyring.current.id },
      message: 'audit chain keyed: seals made before keys existed now have MACs',
    });
    assert.equal(lines[1]?.message, 'audit sealed', 'and the checkpoint of the keyed chain');
    await waitUntilSealable(database.db);
    clock.advance(10_000);
    await runDueJobs({ database, clock, logger, jobs });
    const verified = await verifyAudit(database.db, upgraded);
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.rows, 4, 'the three, and the event saying they were keyed');
  } finally {
    await database.close();
  }
});
