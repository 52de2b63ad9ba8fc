import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { ERASURE, type DisposableTable } from '../src/domain/disposal.ts';
import { TABLE_COMPARTMENTS } from '../src/domain/compartments.ts';
import { sealAudit } from '../src/features/audit/seal.ts';
import { testAnchors, waitUntilSealable } from '../src/features/audit/testing.ts';
import { verifyAudit } from '../src/features/audit/verify.ts';
import { approveDisposal, proposeDisposal } from '../src/features/retention/disposal.ts';
import { storeDocument } from '../src/features/documents/store.ts';
import { TINY_PNG } from '../src/features/documents/samples.ts';
import { mainText } from '../src/features/retention/testing.ts';
import { buildFixture } from './leak/fixture.ts';
import { testApp } from './support/app.ts';
import { signIn, type SignedIn } from './support/auth.ts';
import { getPage } from './support/journey.ts';
import type { Database } from '../src/db/database.ts';
import type { Clock } from '../src/domain/clock.ts';

/**
 * Done when (issue 15): disposing of a case's health records leaves no trace of any canary of
 * its content anywhere in the database (every text, JSON and bytea column of every table), the
 * tombstone and the erasure audit row exist, the audit chain verifies, and the statistics are
 * the same. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */

interface Found {
  value: string;
  table: string;
  column: string;
  caseId: string | null;
}

/** Every canary string in every text, JSON and bytea column of every table, with where it is. */
async function canariesEverywhere(database: Database): Promise<Found[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type
    FROM information_schema.columns c
    JOIN information_schema.tables t
      ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
    ORDER BY 1, 2`.execute(database.db);
  const hasCaseId = new Set(
    (
      await sql<{ table_name: string }>`SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'case_id'`.execute(database.db)
    ).rows.map((r) => r.table_name),
  );
  const found: Found[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns.rows) {
    const text =
      type === 'bytea' ? sql`encode(${sql.ref(column)}, 'escape')` : sql`${sql.ref(column)}::text`;
    const caseExpr = hasCaseId.has(table) ? sql`case_id::text` : sql`NULL::text`;
    const rows = await sql<{ value: string; case_id: string | null }>`
      SELECT DISTINCT m[1] AS value, case_id FROM (
        SELECT regexp_matches(${text}, 'CANARY-[A-Za-z0-9_.-]+', 'g') AS m, ${caseExpr} AS case_id
        FROM ${sql.table(table)} WHERE ${text} LIKE '%CANARY-%') x`.execute(database.db);
    for (const r of rows.rows) found.push({ value: r.value, table, column, caseId: r.case_id });
  }
  return found;
}

async function sealAndVerify(
  database: Database,
  clock: Clock,
  anchors: ReturnType<typeof testAnchors>,
) {
  await waitUntilSealable(database.db);
  await sealAudit(database.db, clock, anchors);
  return verifyAudit(database.db, anchors);
}

test('disposing of a case’s health records erases every canary of them and nothing else', async () => {
  const t = await testApp();
  try {
    const fixture = await buildFixture(t);
    const { db } = t.database;
    const target = fixture.cases.open;
    const ig: SignedIn = await signIn(t, { roles: ['ig_officer'] });
    const ig2: SignedIn = await signIn(t, { roles: ['ig_officer'] });
    const analyst = await signIn(t, { roles: ['analyst'] });
    const actor = (who: SignedIn) => ({
      userId: who.userId,
      role: 'ig_officer',
      hubId: null,
      requestId: null,
    });
    const anchors = testAnchors();
    const statistics = async () =>
      mainText((await getPage(t, analyst, '/statistics?period=year&year=2026')).body);
    const statisticsBefore = await statistics();
    assert.match(statisticsBefore, /\d/, 'the statistics page shows figures');

    // A correction request answered with an annotation: the fixture's filler cannot make one
    // (its CHECKs tie the columns together), so it is written here with canaries of its own.
    const note = await db
      .selectFrom('case_notes')
      .select('id')
      .where('case_id', '=', target)
      .executeTakeFirstOrThrow();
    const rectification = ['request', 'previous_text', 'annotation', 'statement'].map(
      (column) => `CANARY-record_rectifications-${column}-9001`,
    );
    await db
      .insertInto('record_rectifications')
      .values({
        case_id: target,
        record_kind: 'note',
        record_id: note.id,
        requested_on: '2026-05-01',
        request: rectification[0]!,
        outcome: 'annotated',
        previous_text: rectification[1]!,
        annotation: rectification[2]!,
        statement: rectification[3]!,
        decided_by: fixture.people.clinician.userId,
        decided_at: t.clock.now(),
      })
      .execute();
    // Every health table holds rows of the case to dispose of, painted with canaries.
    const { registry } = fixture;
    for (const value of rectification) {
      const column = value.split('-')[2]!;
      registry.canaries.push({
        value,
        table: 'record_rectifications',
        column,
        caseId: target,
        rowId: null,
      });
    }
    const targetTables = new Set(
      registry.canaries.filter((c) => c.caseId === target).map((c) => c.table),
    );
    for (const table of Object.keys(ERASURE) as DisposableTable[]) {
      if (TABLE_COMPARTMENTS[table] !== 'health' || ERASURE[table].erase.length === 0) continue;
      assert.ok(targetTables.has(table), `${table} holds canaries of the case`);
    }
    const kept = (c: { table: string; column: string }) =>
      (ERASURE[c.table as DisposableTable]?.keep ?? []).includes(c.column);
    // Documents whose bytes hold a canary as plain text: one of the case, one of another case.
    for (const [caseId, marker] of [
      [target, 'CANARY-bytes-of-the-case'],
      [fixture.cases.closed, 'CANARY-bytes-of-another-case'],
    ] as const) {
      await db.transaction().execute((trx) =>
        storeDocument(
          trx,
          t.clock,
          {
            userId: fixture.people.clinician.userId,
            role: 'clinician',
            hubId: null,
            requestId: null,
          },
          {
            caseId,
            compartment: 'health',
            title: 'Scanned letter',
            kind: 'report',
            mime: 'image/png',
            bytes: Buffer.concat([TINY_PNG, Buffer.from(marker)]),
          },
        ),
      );
    }
    const before = await canariesEverywhere(t.database);
    // The audit log: no row's detail holds content. Its `reason` column holds what users typed
    // as the reason of a disclosure's refusal or withdrawal (also kept on the disclosure, and
    // erased there): the log is append-only and sealed, so disposal cannot erase these copies.
    // Listed here so that any other content reaching the audit log fails this test.
    const inAudit = before.filter((f) => f.table === 'audit_events');
    assert.deepEqual(inAudit.map((f) => `${f.column}: ${f.value}`).sort(), [
      'reason: CANARY-typed-refusal-reason',
      'reason: CANARY-typed-withdrawal-reason',
    ]);
    // Another case's content (document bytes have no case of their own: named here).
    const elsewhere = new Set([
      ...before.filter((f) => f.caseId !== null && f.caseId !== target).map((f) => f.value),
      'CANARY-bytes-of-another-case',
    ]);
    // The canaries of the case's content: painted into its rows, or typed into its pages and
    // found in its rows (and in the bytes of its documents), but in no other case's rows.
    const ofTarget = new Set([
      ...registry.canaries.filter((c) => c.caseId === target && !kept(c)).map((c) => c.value),
      ...before.filter((f) => f.caseId === target && !kept(f)).map((f) => f.value),
      'CANARY-bytes-of-the-case',
    ]);
    for (const value of elsewhere) ofTarget.delete(value);
    assert.ok(ofTarget.size > 50, `many canaries to look for (${ofTarget.size})`);
    assert.ok(
      before.some((f) => f.value === 'CANARY-bytes-of-the-case' && f.column === 'bytes'),
      'the search reads document bytes',
    );
    assert.ok(
      before.some((f) => f.value === 'CANARY-bytes-of-another-case'),
      'another case’s document is seen',
    );
    assert.deepEqual(await sealAndVerify(t.database, t.clock, anchors).then((r) => r.ok), true);

    // Due for review; proposed by one IG officer, approved by another.
    await sql`INSERT INTO retention_reviews (case_id, clock, due_on, computed_at)
      VALUES (${target}::uuid, 'health', '2000-01-01', now())
      ON CONFLICT (case_id, clock) DO UPDATE SET due_on = '2000-01-01'`.execute(db);
    const proposal = await proposeDisposal({ db, clock: t.clock }, actor(ig), {
      caseId: target,
      clock: 'health',
      userId: ig.userId,
      reason: 'Past the retention period; no reason to keep',
    });
    assert.ok(proposal, 'proposed');
    const own = await approveDisposal({ db, clock: t.clock }, actor(ig), {
      disposalId: proposal.disposalId,
      userId: ig.userId,
      roles: ['ig_officer'],
      stepUpAt: t.clock.now(),
    });
    assert.deepEqual(own, { kind: 'refused', reason: 'own_proposal' });
    const approved = await approveDisposal({ db, clock: t.clock }, actor(ig2), {
      disposalId: proposal.disposalId,
      userId: ig2.userId,
      roles: ['ig_officer'],
      stepUpAt: t.clock.now(),
    });
    assert.deepEqual(approved, { kind: 'done', caseId: target });

    const after = await canariesEverywhere(t.database);
    const left = after.filter((f) => ofTarget.has(f.value));
    assert.deepEqual(
      left.map((f) => `${f.value} in ${f.table}.${f.column}`),
      [],
      'no canary of the disposed content is left',
    );
    // Other cases' content is untouched.
    const afterValues = new Set(after.map((f) => f.value));
    for (const value of elsewhere) assert.ok(afterValues.has(value), `${value} kept`);

    // The tombstone and the erasure audit row (ids and counts only).
    const tombstone = await db
      .selectFrom('retention_disposals')
      .selectAll()
      .where('id', '=', proposal.disposalId)
      .executeTakeFirstOrThrow();
    assert.equal(tombstone.status, 'disposed');
    assert.equal(tombstone.approved_by, ig2.userId);
    assert.equal(tombstone.proposed_by, ig.userId);
    assert.match(tombstone.reference ?? '', /\S/);
    assert.ok(tombstone.hub_id && tombstone.disposed_at && tombstone.requested_on);
    const erasure = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'erasure')
      .execute();
    assert.equal(erasure.length, 1);
    assert.equal(erasure[0]!.subject_id, proposal.disposalId);
    assert.doesNotMatch(JSON.stringify(erasure[0]), /CANARY/);
    assert.ok(Number((erasure[0]!.detail as { rows: number }).rows) > 0);
    // Nothing of the clock left to review.
    const review = await db
      .selectFrom('retention_reviews')
      .select('due_on')
      .where('case_id', '=', target)
      .where('clock', '=', 'health')
      .executeTakeFirst();
    assert.equal(review, undefined);

    const verified = await sealAndVerify(t.database, t.clock, anchors);
    assert.equal(verified.ok, true, JSON.stringify(verified));
    assert.equal(await statistics(), statisticsBefore, 'the statistics are the same');
  } finally {
    await t.close();
  }
});
