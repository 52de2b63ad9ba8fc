/**
 * The audit log against someone with the database owner's (or a superuser's) rights but not the
 * audit key or the checkpoint folder (docs/audit.md): on PostgreSQL these run as the superuser
 * of TEST_DATABASE_URL, switching the append-only triggers off as such a person can.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { sealedChain } from '../../../test/support/audit.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import type { DB } from '../../db/schema.ts';
import { auditKeyring, sealMac } from '../../domain/audit-keys.ts';
import { latestCheckpoint } from './checkpoint.ts';
import { AuditChainError, sealAudit } from './seal.ts';
import {
  recomputeUnkeyedChain,
  tamper,
  testAnchors,
  testAuditKey,
  waitUntilSealable,
  writeEvents,
} from './testing.ts';
import { MAC_SAMPLE } from './verify-anchors.ts';
import { chainProblem, verifyAudit } from './verify.ts';

const unkeyedCheck = (db: Kysely<DB>) => db.transaction().execute((trx) => chainProblem(trx));

test('an untouched log verifies with the key and against its checkpoint', async () => {
  const { database, anchors } = await sealedChain(8);
  try {
    const verified = await verifyAudit(database.db, anchors);
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.rows, 8);
    const latest = latestCheckpoint(anchors.checkpointDir);
    assert.ok(latest.found);
    assert.deepEqual(verified.head, { seq: latest.checkpoint?.seq, hash: latest.checkpoint?.hash });
  } finally {
    await database.close();
  }
});

test('an event rewritten and the unkeyed chain recomputed after it fails at that seq', async () => {
  const { database, anchors, ids } = await sealedChain(8);
  try {
    await tamper(database.db, `UPDATE audit_events SET outcome = 'failure' WHERE id = '${ids[2]}'`);
    await recomputeUnkeyedChain(database.db, 3);
    // The chain alone is fooled: every hash is right again.
    assert.equal(await unkeyedCheck(database.db), null);
    const result = await verifyAudit(database.db, anchors);
    assert.ok(!result.ok);
    assert.deepEqual([result.seq, result.eventId], [3, ids[2]]);
    assert.match(
      result.problem,
      /^the seal's MAC does not match: the seal was changed without the key/,
    );
  } finally {
    await database.close();
  }
});

test('MACs forged with another key, under their own id or ours, fail at the first changed seal', async () => {
  const { database, anchors, ids } = await sealedChain(6);
  try {
    await tamper(database.db, `UPDATE audit_events SET reason = 'x' WHERE id = '${ids[3]}'`);
    await recomputeUnkeyedChain(database.db, 4);
    const forger = testAuditKey();
    const seals = (
      await sql<{ seq: string; hash: Uint8Array }>`
        SELECT seq::text AS seq, hash FROM audit_seals WHERE seq >= 4 ORDER BY seq`.execute(
        database.db,
      )
    ).rows;
    const forge = (keyId: string) =>
      tamper(
        database.db,
        seals
          .map(
            (s) =>
              `UPDATE audit_seal_macs SET key_id = '${keyId}', mac = decode('${sealMac(forger, Number(s.seq), s.hash).toString('hex')}', 'hex') WHERE seq = ${s.seq}`,
          )
          .join(';\n'),
      );
    await forge(forger.id);
    const unknown = await verifyAudit(database.db, anchors);
    assert.ok(!unknown.ok);
    assert.equal(unknown.seq, 4);
    assert.match(
      unknown.problem,
      new RegExp(`made with key ${forger.id}, which is not configured`),
    );
    await forge(anchors.keyring.current.id);
    const wrong = await verifyAudit(database.db, anchors);
    assert.ok(!wrong.ok);
    assert.deepEqual([wrong.seq, wrong.eventId], [4, ids[3]]);
    assert.match(wrong.problem, /^the seal's MAC does not match/);
  } finally {
    await database.close();
  }
});

test('the last events deleted with their seals and MACs fail at the seq after the last left', async () => {
  const { database, anchors, ids } = await sealedChain(8);
  try {
    await tamper(
      database.db,
      `DELETE FROM audit_events WHERE id IN ('${ids[5]}', '${ids[6]}', '${ids[7]}');
       DELETE FROM audit_seals WHERE seq >= 6;
       DELETE FROM audit_seal_macs WHERE seq >= 6`,
    );
    // What is left is a perfectly good chain of five.
    assert.equal(await unkeyedCheck(database.db), null);
    const result = await verifyAudit(database.db, anchors);
    assert.ok(!result.ok);
    assert.equal(result.seq, 6);
    assert.equal(result.eventId, null);
    assert.match(
      result.problem,
      /^seals 6–8 are missing: the checkpoint written at .* says the chain reached seq 8, but it ends at seq 5/,
    );
  } finally {
    await database.close();
  }
});

test('the newest event deleted with its seal, then new events sealed over it, is not covered up', async () => {
  const { database, anchors, clock, ids } = await sealedChain(5);
  try {
    await tamper(
      database.db,
      `DELETE FROM audit_events WHERE id = '${ids[4]}';
       DELETE FROM audit_seals WHERE seq = 5;
       DELETE FROM audit_seal_macs WHERE seq = 5`,
    );
    await writeEvents(database.db, clock, 3);
    await waitUntilSealable(database.db);
    // The sealer would make a new seal 5 and a newer checkpoint: it stops instead.
    await assert.rejects(
      sealAudit(database.db, clock, anchors),
      (error: unknown) =>
        error instanceof AuditChainError &&
        /ends at seq 4 but its checkpoint says it reached seq 5; sealing stopped/.test(
          error.message,
        ),
    );
    const latest = latestCheckpoint(anchors.checkpointDir);
    assert.equal(latest.found && latest.seq, 5, 'the checkpoint is still the one before');
    const result = await verifyAudit(database.db, anchors);
    assert.ok(!result.ok);
    assert.equal(result.seq, 5);
  } finally {
    await database.close();
  }
});

test('both audit tables (and the MACs) truncated fail at seq 1', async () => {
  const { database, anchors } = await sealedChain(4);
  try {
    await tamper(
      database.db,
      `TRUNCATE audit_events;
       TRUNCATE audit_seals;
       TRUNCATE audit_seal_macs`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.ok(!result.ok);
    assert.equal(result.seq, 1);
    assert.match(result.problem, /^seals 1–4 are missing: .* but it is empty/);
  } finally {
    await database.close();
  }
});

test('the checkpoint cannot be edited or removed unseen', async () => {
  const { database, anchors } = await sealedChain(3);
  try {
    const latest = latestCheckpoint(anchors.checkpointDir);
    assert.ok(latest.found);
    const original = readFileSync(latest.file, 'utf8');
    // Lowered to match a chain cut short, without the key.
    writeFileSync(latest.file, original.replace('"seq":3', '"seq":2'));
    const lowered = await verifyAudit(database.db, anchors);
    assert.ok(!lowered.ok);
    assert.match(lowered.problem, /cannot be read as a checkpoint/, 'its name says 3');
    writeFileSync(
      latest.file,
      original.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'0'.repeat(64)}"`),
    );
    const edited = await verifyAudit(database.db, anchors);
    assert.ok(!edited.ok);
    assert.equal(edited.seq, 3);
    assert.match(edited.problem, /cannot be trusted: its signature does not match/);
    rmSync(anchors.checkpointDir, { recursive: true });
    const removed = await verifyAudit(database.db, anchors);
    assert.ok(!removed.ok);
    assert.equal(removed.seq, 1);
    assert.match(removed.problem, /^there is no checkpoint in .*, but the chain has 3 seals/);
  } finally {
    await database.close();
  }
});

test('a rotated key seals from then on; older seals verify with the retired key, and not without it', async () => {
  const oldKey = testAuditKey();
  const newKey = testAuditKey();
  const { database, anchors: before, clock } = await sealedChain(3, testAnchors([oldKey]));
  try {
    const rotated = {
      keyring: auditKeyring([newKey, oldKey]),
      checkpointDir: before.checkpointDir,
    };
    await writeEvents(database.db, clock, 2);
    await waitUntilSealable(database.db);
    const run = await sealAudit(database.db, clock, rotated);
    assert.equal(run.sealed, 2);
    assert.equal(run.checkpoint?.keyId, newKey.id, 'the checkpoint is signed with the new key');
    const keyIds = await sql<{ key_id: string }>`
      SELECT key_id FROM audit_seal_macs ORDER BY seq`.execute(database.db);
    assert.deepEqual(
      keyIds.rows.map((r) => r.key_id),
      [oldKey.id, oldKey.id, oldKey.id, newKey.id, newKey.id],
    );
    const verified = await verifyAudit(database.db, rotated);
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.rows, 5);
    const withoutOld = await verifyAudit(database.db, {
      keyring: auditKeyring([newKey]),
      checkpointDir: before.checkpointDir,
    });
    assert.ok(!withoutOld.ok);
    assert.equal(withoutOld.seq, 1);
    assert.match(withoutOld.problem, new RegExp(`key ${oldKey.id}, which is not configured`));
  } finally {
    await database.close();
  }
});

test(`past ${MAC_SAMPLE} seals, a rewrite and a lost MAC are each named where they are`, async () => {
  const database = await testDatabase();
  const clock = testClock();
  const anchors = testAnchors();
  try {
    await sql`
      INSERT INTO audit_events (occurred_at, action, subject_type, subject_id, outcome)
      SELECT ${clock.now()}::timestamptz + make_interval(secs => i), 'consultation', 'case', i::text, 'success'
      FROM generate_series(1, 2500) AS i`.execute(database.db);
    await waitUntilSealable(database.db);
    await sealAudit(database.db, clock, anchors);
    assert.ok((await verifyAudit(database.db, anchors)).ok);
    // A MAC deleted between the seals whose MACs are checked: the log is intact, but it shows.
    await tamper(database.db, 'DELETE FROM audit_seal_macs WHERE seq = 1500');
    const lost = await verifyAudit(database.db, anchors);
    assert.ok(!lost.ok);
    assert.deepEqual([lost.seq, lost.problem.slice(0, 22)], [1500, 'the seal has no MAC (i']);
    await tamper(database.db, `UPDATE audit_events SET subject_id = 'x' WHERE subject_id = '1234'`);
    await recomputeUnkeyedChain(database.db, 1234);
    const rewritten = await verifyAudit(database.db, anchors);
    assert.ok(!rewritten.ok);
    assert.equal(rewritten.seq, 1234);
    assert.match(rewritten.problem, /^the seal's MAC does not match/);
  } finally {
    await database.close();
  }
});
