import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Transaction } from 'kysely';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase, usingPostgres } from '../../../test/support/database.ts';
import { openDatabase } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { recordAudit } from './record.ts';
import { latestCheckpoint } from './checkpoint.ts';
import { sealAudit, sealAuditPass } from './seal.ts';
import { testActor, testAnchors, waitUntilSealable, writeEvents } from './testing.ts';
import { verifyAudit } from './verify.ts';

const sealOrder = sql<{ event_id: string; seq: number }>`
  SELECT s.event_id::text AS event_id, s.seq::int8 AS seq FROM audit_seals s ORDER BY s.seq`;
const eventOrder = sql<{ id: string }>`
  SELECT id::text AS id FROM audit_events ORDER BY xid, occurred_at, id`;

test('the sealer chains every finished event, in xid order, across batch-limited passes', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const anchors = testAnchors();
  try {
    await writeEvents(database.db, clock, 7);
    await waitUntilSealable(database.db);
    const first = await sealAuditPass(database.db, clock, anchors, 3);
    assert.equal(first.sealed, 3);
    assert.equal(first.head?.seq, 3);
    const rest = await sealAudit(database.db, clock, anchors, 3);
    assert.equal(rest.sealed, 4);
    assert.equal(rest.head?.seq, 7);
    const seals = (await sealOrder.execute(database.db)).rows;
    const events = (await eventOrder.execute(database.db)).rows;
    assert.deepEqual(
      seals.map((s) => s.event_id),
      events.map((e) => e.id),
    );
    assert.deepEqual(
      seals.map((s) => Number(s.seq)),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal((await sealAudit(database.db, clock, anchors)).sealed, 0, 'nothing left to seal');
    const verified = await verifyAudit(database.db, anchors);
    assert.ok(verified.ok);
    assert.equal(verified.rows, 7);
    assert.deepEqual(verified.head, rest.head);
  } finally {
    await database.close();
  }
});

test('the sealer refuses to go on when the event at the head of the chain is missing', async () => {
  const database = await testDatabase();
  const clock = testClock();
  const anchors = testAnchors();
  try {
    await writeEvents(database.db, clock, 2);
    await waitUntilSealable(database.db);
    await sealAudit(database.db, clock, anchors);
    await database.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(trx);
      await sql`DELETE FROM audit_events WHERE id = (SELECT event_id FROM audit_seals WHERE seq = 2)`.execute(
        trx,
      );
      await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(trx);
    });
    await writeEvents(database.db, clock, 1);
    await assert.rejects(
      sealAudit(database.db, clock, anchors),
      /event of audit seal 2 is missing/,
    );
  } finally {
    await database.close();
  }
});

for (const table of ['audit_events', 'audit_seals', 'audit_seal_macs']) {
  for (const statement of [
    `UPDATE ${table} SET sealed_at = sealed_at`,
    `DELETE FROM ${table}`,
    `TRUNCATE ${table}`,
  ]) {
    const sqlText = statement.replace(
      'SET sealed_at = sealed_at',
      { audit_events: "SET reason = 'x'", audit_seals: 'SET sealed_at = sealed_at' }[table] ??
        'SET key_id = key_id',
    );
    test(`the owner cannot ${sqlText.split(' ')[0]} ${table}: the log is append-only`, async () => {
      const database = await testDatabase();
      const clock = testClock();
      const anchors = testAnchors();
      try {
        await writeEvents(database.db, clock, 1);
        await waitUntilSealable(database.db);
        await sealAudit(database.db, clock, anchors);
        await assert.rejects(sql.raw(sqlText).execute(database.db), /the audit log is append-only/);
        const count = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
        assert.equal(count.rows[0]?.n, 1);
      } finally {
        await database.close();
      }
    });
  }
}

test(
  'a role with the production grants can write and read audit rows but not update or delete them',
  { skip: !usingPostgres() && 'PostgreSQL only (set TEST_DATABASE_URL)' },
  async () => {
    const database = await testDatabase();
    const clock = testClock();
    const anchors = testAnchors();
    const role = `cicero_app_test_${process.pid}_${Date.now()}`;
    try {
      // The grants of docs/audit.md.
      await sql.raw(`CREATE ROLE ${role} NOLOGIN`).execute(database.db);
      await sql.raw(`GRANT USAGE ON SCHEMA public TO ${role}`).execute(database.db);
      await sql
        .raw(`GRANT SELECT, INSERT ON audit_events, audit_seals, audit_seal_macs TO ${role}`)
        .execute(database.db);
      const asApp = async (work: (trx: Transaction<DB>) => Promise<unknown>) =>
        database.db.transaction().execute(async (trx) => {
          await sql.raw(`SET LOCAL ROLE ${role}`).execute(trx);
          return work(trx);
        });
      await asApp((trx) =>
        recordAudit(trx, clock, testActor, { action: 'consultation', subjectType: 'case' }),
      );
      await waitUntilSealable(database.db);
      await sealAudit(database.db, clock, anchors);
      for (const statement of [
        "UPDATE audit_events SET reason = 'x'",
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
        'UPDATE audit_seals SET sealed_at = now()',
        'DELETE FROM audit_seals',
        'DELETE FROM audit_seal_macs',
        'TRUNCATE audit_seal_macs',
      ]) {
        await assert.rejects(
          asApp((trx) => sql.raw(statement).execute(trx)),
          /permission denied for table/,
          statement,
        );
      }
      const seen = await asApp((trx) =>
        sql`SELECT count(*)::int AS n FROM audit_events`.execute(trx),
      );
      assert.deepEqual((seen as { rows: unknown[] }).rows, [{ n: 1 }]);
      assert.ok((await verifyAudit(database.db, anchors)).ok);
    } finally {
      await sql
        .raw(`DROP OWNED BY ${role}`)
        .execute(database.db)
        .catch(() => {});
      await sql
        .raw(`DROP ROLE IF EXISTS ${role}`)
        .execute(database.db)
        .catch(() => {});
      await database.close();
    }
  },
);

test(
  'an unfinished transaction holds back its events and every later one until it ends',
  { skip: !usingPostgres() && 'PostgreSQL only (set TEST_DATABASE_URL)' },
  async () => {
    const database = await testDatabase();
    const clock = testClock();
    const anchors = testAnchors();
    try {
      await writeEvents(database.db, clock, 1);
      await waitUntilSealable(database.db);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const inserted = new Promise<void>((resolve) => (written = resolve));
      const slow = database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, clock, testActor, {
          action: 'alteration',
          subjectType: 'case',
          subjectId: 'slow',
        });
        written();
        await held;
      });
      await inserted;
      // A later transaction commits while the slow one is still open.
      await database.db.transaction().execute((trx) =>
        recordAudit(trx, clock, testActor, {
          action: 'consultation',
          subjectType: 'case',
          subjectId: 'later',
        }),
      );
      const during = await sealAudit(database.db, clock, anchors);
      assert.equal(during.sealed, 1, 'only the event from before the slow transaction');
      release();
      await slow;
      await waitUntilSealable(database.db);
      const after = await sealAudit(database.db, clock, anchors);
      assert.equal(after.sealed, 2);
      const subjects = await sql<{ subject_id: string }>`
        SELECT e.subject_id FROM audit_seals s JOIN audit_events e ON e.id = s.event_id ORDER BY s.seq`.execute(
        database.db,
      );
      assert.deepEqual(
        subjects.rows.map((r) => r.subject_id),
        ['case-0', 'slow', 'later'],
        'sealed in the order the transactions began',
      );
      assert.ok((await verifyAudit(database.db, anchors)).ok);
    } finally {
      await database.close();
    }
  },
);

test(
  'two sealers on two connections at once build one chain',
  { skip: !usingPostgres() && 'PostgreSQL only (set TEST_DATABASE_URL)' },
  async () => {
    const database = await testDatabase();
    const clock = testClock();
    const anchors = testAnchors();
    const url = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(database.db))
      .rows[0]!.db;
    const other = await openDatabase({
      kind: 'postgres',
      url: withDatabase(process.env.TEST_DATABASE_URL!, url),
      poolSize: 2,
    });
    try {
      await writeEvents(database.db, clock, 20);
      await waitUntilSealable(database.db);
      const [a, b] = await Promise.all([
        sealAudit(database.db, clock, anchors, 3),
        sealAudit(other.db, clock, anchors, 3),
      ]);
      assert.equal(a.sealed + b.sealed, 20);
      const verified = await verifyAudit(database.db, anchors);
      assert.ok(verified.ok);
      assert.equal(verified.rows, 20);
      // Whichever wrote last, the latest checkpoint is the head: it never went backwards.
      const latest = latestCheckpoint(anchors.checkpointDir);
      assert.ok(latest.found);
      assert.deepEqual(
        { seq: latest.checkpoint?.seq, hash: latest.checkpoint?.hash },
        verified.head,
      );
    } finally {
      await other.close();
      await database.close();
    }
  },
);

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
