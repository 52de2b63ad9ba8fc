import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { canonicalEventSql, chainHash } from './chain.ts';
import { sealAudit } from './seal.ts';
import type { AuditAnchors } from './anchors.ts';
import { tamper, testAnchors, waitUntilSealable, writeEvents } from './testing.ts';
import { verifyAudit } from './verify.ts';

async function sealedLog(
  count = 6,
): Promise<{ database: Database; ids: string[]; anchors: AuditAnchors }> {
  const database = await testDatabase();
  const clock = testClock();
  const anchors = testAnchors();
  await writeEvents(database.db, clock, count);
  await waitUntilSealable(database.db);
  await sealAudit(database.db, clock, anchors);
  const ids = (
    await sql<{ event_id: string }>`SELECT event_id::text FROM audit_seals ORDER BY seq`.execute(
      database.db,
    )
  ).rows.map((r) => r.event_id);
  return { database, ids, anchors };
}

test('an untouched log verifies, with its row count and head', async () => {
  const { database, anchors } = await sealedLog();
  try {
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(result.rows, 6);
    assert.equal(result.head?.seq, 6);
    assert.match(result.head?.hash ?? '', /^[0-9a-f]{64}$/);
  } finally {
    await database.close();
  }
});

test('an empty log verifies with no rows', async () => {
  const database = await testDatabase();
  const anchors = testAnchors();
  try {
    assert.deepEqual(await verifyAudit(database.db, anchors), { ok: true, rows: 0, head: null });
  } finally {
    await database.close();
  }
});

test('an edited event is named at its seq', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(database.db, `UPDATE audit_events SET reason = 'edited' WHERE id = '${ids[2]}'`);
    const result = await verifyAudit(database.db, anchors);
    assert.deepEqual(result, {
      ok: false,
      seq: 3,
      eventId: ids[2],
      problem: 'the event does not match its seal (the event or the seal was edited)',
    });
  } finally {
    await database.close();
  }
});

test('an edit of a timestamp by one microsecond is caught', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `UPDATE audit_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE id = '${ids[4]}'`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.seq, 5);
  } finally {
    await database.close();
  }
});

test('a deleted event is named at its seq', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(database.db, `DELETE FROM audit_events WHERE id = '${ids[1]}'`);
    const result = await verifyAudit(database.db, anchors);
    assert.deepEqual(result, {
      ok: false,
      seq: 2,
      eventId: ids[1],
      problem: 'the event of this seal is missing (deleted)',
    });
  } finally {
    await database.close();
  }
});

test('a deleted event with its seal leaves a gap in seq', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `DELETE FROM audit_events WHERE id = '${ids[3]}';
       DELETE FROM audit_seals WHERE seq = 4`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.deepEqual(result, {
      ok: false,
      seq: 5,
      eventId: ids[4],
      problem: 'seals 4 are missing (deleted)',
    });
  } finally {
    await database.close();
  }
});

test('deleting a seal and renumbering the rest breaks the chain at the next seal', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `DELETE FROM audit_events WHERE id = '${ids[3]}';
       DELETE FROM audit_seals WHERE seq = 4;
       UPDATE audit_seals SET seq = seq - 1 WHERE seq > 4`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.seq, 4);
    assert.equal(result.eventId, ids[4]);
    assert.match(result.problem, /^prev_hash does not match/);
  } finally {
    await database.close();
  }
});

test('an event inserted among sealed ones, with no seal, is found at its place', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    // A forged event given the transaction id and time of the third, so it sorts just after it.
    await tamper(
      database.db,
      `INSERT INTO audit_events (id, occurred_at, xid, action, subject_type, outcome)
       SELECT 'ffffffff-ffff-4fff-bfff-ffffffffffff', occurred_at, xid, 'consultation', 'case', 'success'
       FROM audit_events WHERE id = '${ids[2]}'`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.deepEqual(result, {
      ok: false,
      seq: 4,
      eventId: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
      problem:
        'an event with no seal sorts before seal 4 (it was inserted after that part of the chain was sealed)',
    });
  } finally {
    await database.close();
  }
});

test('a seal inserted into the middle of the chain, with a correct hash of its own, is caught at its seq', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    // The attacker makes room at seq 3 and chains a forged event onto seal 2 properly.
    await tamper(
      database.db,
      `UPDATE audit_seals SET seq = seq + 100 WHERE seq >= 3;
       UPDATE audit_seals SET seq = seq - 99 WHERE seq >= 103;
       INSERT INTO audit_events (id, occurred_at, xid, action, subject_type, outcome)
       SELECT 'ffffffff-ffff-4fff-bfff-ffffffffffff', occurred_at, xid, 'consultation', 'case', 'success'
       FROM audit_events WHERE id = '${ids[1]}'`,
    );
    const forged = (
      await sql<{ id: string; canonical: string; prev: string }>`
        SELECT e.id::text AS id, ${canonicalEventSql} AS canonical,
               (SELECT encode(hash, 'hex') FROM audit_seals WHERE seq = 2) AS prev
        FROM audit_events e WHERE e.id = 'ffffffff-ffff-4fff-bfff-ffffffffffff'`.execute(
        database.db,
      )
    ).rows[0]!;
    await tamper(
      database.db,
      `INSERT INTO audit_seals VALUES (3, '${forged.id}', decode('${forged.prev}', 'hex'),
        decode('${chainHash(forged.prev, forged.canonical)}', 'hex'), now())`,
    );
    // Its hash chains, but seq 3's MAC was made for the real seal 3, and no MAC can be forged.
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.seq, 3);
    assert.equal(result.eventId, forged.id);
    assert.match(result.problem, /^the seal's MAC does not match/);
  } finally {
    await database.close();
  }
});

test('a duplicated seq is caught even where the key was dropped', async () => {
  const { database, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `ALTER TABLE audit_seals DROP CONSTRAINT audit_seals_pkey;
       INSERT INTO audit_seals
       SELECT 3, 'ffffffff-ffff-4fff-bfff-ffffffffffff', prev_hash, hash, sealed_at FROM audit_seals WHERE seq = 3`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.seq, 3);
    assert.equal(result.problem, 'seq 3 appears twice (a seal was inserted)');
  } finally {
    await database.close();
  }
});

test('two events swapped between their seals are caught at the first', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `UPDATE audit_seals SET event_id = 'ffffffff-ffff-4fff-bfff-ffffffffffff' WHERE seq = 2;
       UPDATE audit_seals SET event_id = '${ids[1]}' WHERE seq = 5;
       UPDATE audit_seals SET event_id = '${ids[4]}' WHERE seq = 2`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.deepEqual(result, {
      ok: false,
      seq: 2,
      eventId: ids[4],
      problem: 'the event does not match its seal (the event or the seal was edited)',
    });
  } finally {
    await database.close();
  }
});

test('two seals swapped in seq are caught at the first', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `UPDATE audit_seals SET seq = 100 WHERE seq = 2;
       UPDATE audit_seals SET seq = 2 WHERE seq = 3;
       UPDATE audit_seals SET seq = 3 WHERE seq = 100`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.seq, 2);
    assert.equal(result.eventId, ids[2]);
    assert.match(result.problem, /^prev_hash does not match/);
  } finally {
    await database.close();
  }
});

test('a rewritten seal hash is caught', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `UPDATE audit_seals SET hash = sha256('forged'::bytea) WHERE seq = 6`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.deepEqual(result, {
      ok: false,
      seq: 6,
      eventId: ids[5],
      problem: 'the event does not match its seal (the event or the seal was edited)',
    });
  } finally {
    await database.close();
  }
});

test('the first broken row is reported when several are broken', async () => {
  const { database, ids, anchors } = await sealedLog();
  try {
    await tamper(
      database.db,
      `UPDATE audit_events SET reason = 'x' WHERE id IN ('${ids[4]}', '${ids[1]}')`,
    );
    const result = await verifyAudit(database.db, anchors);
    assert.ok(!result.ok);
    assert.equal(result.seq, 2);
  } finally {
    await database.close();
  }
});

test('verification pages through more seals than one page', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const anchors = testAnchors();
  try {
    // 10,050 events in one transaction: more than a page (10,000).
    await sql`
      INSERT INTO audit_events (occurred_at, action, subject_type, subject_id, outcome)
      SELECT ${clock.now()}::timestamptz + make_interval(secs => i), 'consultation', 'case', i::text, 'success'
      FROM generate_series(1, 10050) AS i`.execute(database.db);
    await waitUntilSealable(database.db);
    await sealAudit(database.db, clock, anchors);
    const result = await verifyAudit(database.db, anchors);
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(result.rows, 10050);
    await tamper(
      database.db,
      `UPDATE audit_events SET subject_id = 'x' WHERE subject_id = '10020'`,
    );
    const broken = await verifyAudit(database.db, anchors);
    assert.ok(!broken.ok);
    assert.equal(broken.seq, 10020);
    // A duplicate on the last seq of a page is still seen.
    await tamper(
      database.db,
      `ALTER TABLE audit_seals DROP CONSTRAINT audit_seals_pkey;
       INSERT INTO audit_seals
       SELECT seq, 'ffffffff-ffff-4fff-bfff-ffffffffffff', prev_hash, hash, sealed_at FROM audit_seals WHERE seq = 10000`,
    );
    const duplicated = await verifyAudit(database.db, anchors);
    assert.ok(!duplicated.ok);
    assert.deepEqual(
      [duplicated.seq, duplicated.problem],
      [10000, 'seq 10000 appears twice (a seal was inserted)'],
    );
    // A gap wider than a page is reported at the first seal after it.
    await tamper(database.db, `DELETE FROM audit_seals WHERE seq BETWEEN 5 AND 10010`);
    const gap = await verifyAudit(database.db, anchors);
    assert.ok(!gap.ok);
    assert.deepEqual([gap.seq, gap.problem], [10011, 'seals 5–10010 are missing (deleted)']);
  } finally {
    await database.close();
  }
});
