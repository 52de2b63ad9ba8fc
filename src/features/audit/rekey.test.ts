import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { sealedChain } from '../../../test/support/audit.ts';
import { latestCheckpoint } from './checkpoint.ts';
import { sealAudit } from './seal.ts';
import {
  recomputeUnkeyedChain,
  tamper,
  testAnchors,
  testAuditKey,
  waitUntilSealable,
} from './testing.ts';
import { verifyAudit } from './verify.ts';

// A chain sealed before migration 0100 has seals without MACs and no checkpoint: the tests make
// that state by deleting the MACs of a sealed chain and using a fresh checkpoint folder.

test('a chain sealed before keys existed is keyed once, from a verified state, and says so', async () => {
  const key = testAuditKey();
  const { database, clock, ids } = await sealedChain(4, testAnchors([key]));
  try {
    // The state migration 0100 leaves behind: seals without MACs and no checkpoint.
    await tamper(database.db, 'DELETE FROM audit_seal_macs');
    const upgraded = testAnchors([key]);
    const notYet = await verifyAudit(database.db, upgraded);
    assert.ok(!notYet.ok);
    assert.deepEqual([notYet.seq, notYet.eventId], [1, ids[0]]);
    assert.match(notYet.problem, /^the seal has no MAC/);

    const run = await sealAudit(database.db, clock, upgraded);
    assert.equal(run.keyed, 4);
    assert.ok(run.checkpointWritten);
    const said = await sql<{ detail: Record<string, unknown> }>`
      SELECT detail FROM audit_events WHERE action = 'admin' AND subject_type = 'audit_log'`.execute(
      database.db,
    );
    assert.deepEqual(
      said.rows.map((r) => r.detail),
      [{ change: 'chain-keyed', seals: 4, keyId: key.id }],
    );
    // The event saying so is sealed like any other (by this run, or the next).
    await waitUntilSealable(database.db);
    assert.equal(run.sealed + (await sealAudit(database.db, clock, upgraded)).sealed, 1);
    const verified = await verifyAudit(database.db, upgraded);
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.rows, 5);
    assert.equal((await sealAudit(database.db, clock, upgraded)).keyed, 0, 'once');
  } finally {
    await database.close();
  }
});

test('a broken chain sealed before keys existed is not keyed', async () => {
  const key = testAuditKey();
  const { database, clock, ids } = await sealedChain(4, testAnchors([key]));
  try {
    await tamper(
      database.db,
      `DELETE FROM audit_seal_macs;
       UPDATE audit_events SET reason = 'x' WHERE id = '${ids[1]}'`,
    );
    const upgraded = testAnchors([key]);
    await assert.rejects(
      sealAudit(database.db, clock, upgraded),
      /The audit chain is broken at seq 2 \(the event does not match its seal.*\); it was not keyed/,
    );
    const macs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_seal_macs`.execute(
      database.db,
    );
    assert.equal(macs.rows[0]?.n, 0);
    assert.deepEqual(latestCheckpoint(upgraded.checkpointDir), { found: false });
  } finally {
    await database.close();
  }
});

test('MACs deleted from a keyed chain are not made again: that would cover up a rewrite', async () => {
  const { database, anchors, clock, ids } = await sealedChain(4);
  try {
    await tamper(
      database.db,
      `UPDATE audit_events SET reason = 'x' WHERE id = '${ids[1]}';
       DELETE FROM audit_seal_macs`,
    );
    await recomputeUnkeyedChain(database.db, 2);
    await assert.rejects(
      sealAudit(database.db, clock, anchors),
      /Audit seal 4 has no MAC, but .* shows the chain was keyed before/,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.ok(!result.ok);
    assert.equal(result.seq, 1, 'seal 1 has lost its MAC');
    // Some MACs left: refused as well, whatever the checkpoint folder says.
    await tamper(
      database.db,
      `INSERT INTO audit_seal_macs VALUES (1, '${anchors.keyring.current.id}', sha256('x'::bytea))`,
    );
    await assert.rejects(
      sealAudit(database.db, clock, testAnchors([anchors.keyring.current])),
      /Audit seal 4 has no MAC, but other seals have one/,
    );
  } finally {
    await database.close();
  }
});
