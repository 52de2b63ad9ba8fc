import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../test/support/database.ts';
import { insertCase } from '../../test/support/journey.ts';
import { createUser } from '../../test/support/auth.ts';
import { replicaSkip, replicaUrlOf } from '../../test/support/replica.ts';
import { systemClock } from '../domain/clock.ts';
import type { Database } from './database.ts';
import { behind, openReporting, type Reporting } from './reporting.ts';

/**
 * Reading statistics from a streaming replica (issue 20): `.ci/run` starts a real one of the
 * test server (pg_basebackup -R).
 */
const skip = replicaSkip;

let database: Database;
let replicaUrl: string;
const opened: Reporting[] = [];
before(async () => {
  if (skip) return;
  database = await testDatabase();
  replicaUrl = await replicaUrlOf(database);
});
after(async () => {
  for (const r of opened) await r.close();
  await database?.close();
});

const open = (url: string | undefined) => {
  const reporting = openReporting(database, systemClock, url);
  opened.push(reporting);
  return reporting;
};

test(
  'reads go to the replica, which has what the main database wrote, and say how far behind it is',
  { skip },
  async () => {
    const officer = await createUser(database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const made = await insertCase(database.db, { hubCode: 'WM', requestedBy: officer.id });
    const reporting = open(replicaUrl);
    // Streaming is asynchronous: the test's database and then the case arrive within moments.
    let read = await reporting.read();
    let seen = false;
    for (let i = 0; i < 300 && !seen; i++) {
      read = await reporting.read();
      if (read.from === 'replica') {
        const row = await read.db
          .selectFrom('cases')
          .select('id')
          .where('id', '=', made.caseId)
          .executeTakeFirst();
        seen = row !== undefined;
      }
      if (!seen) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(read.from, 'replica');
    assert.equal(read.fellBack, false);
    assert.ok(seen, 'the replica received the case');
    assert.equal(typeof read.behindSeconds, 'number');
    const recovery = await sql<{ standby: boolean }>`SELECT pg_is_in_recovery() AS standby`.execute(
      read.db,
    );
    assert.equal(recovery.rows[0]!.standby, true, 'read from a standby, not the main database');
    await assert.rejects(
      sql`UPDATE hubs SET name = name`.execute(read.db),
      /read-only transaction/,
    );
  },
);

test(
  'a replica that does not answer: the main database is read, and the page is told so',
  { skip },
  async () => {
    const reporting = open('postgres://postgres@127.0.0.1:1/cicero');
    const read = await reporting.read();
    assert.equal(read.from, 'primary');
    assert.equal(read.fellBack, true);
    assert.equal(read.db, database.db);
  },
);

test('no replica configured: the main database, with nothing to say', async () => {
  const reporting = openReporting({ db: 'main' } as unknown as Database, systemClock, undefined);
  const read = await reporting.read();
  assert.deepEqual(
    { from: read.from, fellBack: read.fellBack, behind: read.behindSeconds },
    { from: 'primary', fellBack: false, behind: null },
  );
});

test("how far behind: nothing when all received is replayed, else the last transaction's age", () => {
  const now = new Date('2026-12-03T10:42:30Z');
  const replayedAt = new Date('2026-12-03T10:42:00Z');
  assert.equal(behind({ standby: true, caught_up: true, replayed_at: replayedAt }, now), 0);
  assert.equal(behind({ standby: true, caught_up: false, replayed_at: replayedAt }, now), 30);
  assert.equal(behind({ standby: true, caught_up: false, replayed_at: null }, now), null);
  assert.equal(behind({ standby: false, caught_up: null, replayed_at: null }, now), 0);
});
