import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const note = (version: string, change: Record<string, string> = {}) => ({
  version,
  'notedOn-day': '1',
  'notedOn-month': '6',
  'notedOn-year': '2026',
  kind: 'clinical',
  body: 'CANARY-NOTE first thoughts after the assessment.',
  ...change,
});

describe('case notes', () => {
  let t: TestApp;
  let officer: SignedIn;
  let lead: SignedIn;
  let clinician: SignedIn;
  let otherHub: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHub = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;

  async function openCase() {
    const made = await insertCase(db(), { hubCode: 'WM', requestedBy: officer.userId });
    await allocate(db(), { caseId: made.caseId, clinicianId: clinician.userId, byId: lead.userId });
    return made.caseId;
  }

  it('writes a note, amends it with a reason, and keeps the original readable', async () => {
    const caseId = await openCase();
    const empty = await postForm(t, clinician, `/cases/${caseId}/notes`, note('1', { body: '' }));
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the note/);

    const saved = await postForm(t, clinician, `/cases/${caseId}/notes`, note('1'));
    assert.equal(saved.statusCode, 303);
    const row = await db()
      .selectFrom('case_notes')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(row.version, 1);

    const noReason = await postForm(
      t,
      lead,
      `/cases/${caseId}/notes/${row.id}/amend`,
      note('1', { body: 'CANARY-NOTE amended text.' }),
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why you are amending the note/);
    const unchanged = await postForm(
      t,
      lead,
      `/cases/${caseId}/notes/${row.id}/amend`,
      note('1', { reason: 'No change' }),
    );
    assert.equal(unchanged.statusCode, 400);

    const amended = await postForm(
      t,
      lead,
      `/cases/${caseId}/notes/${row.id}/amend`,
      note('1', {
        body: 'CANARY-NOTE amended text.',
        kind: 'safeguarding_concern',
        reason: 'Wrong kind',
      }),
    );
    assert.equal(amended.statusCode, 303);
    // The same amendment sent again is stale: no third version.
    const again = await postForm(
      t,
      lead,
      `/cases/${caseId}/notes/${row.id}/amend`,
      note('1', { body: 'CANARY-NOTE other text.', reason: 'Again' }),
    );
    assert.equal(again.statusCode, 409);

    const versions = await db()
      .selectFrom('case_note_versions')
      .selectAll()
      .where('note_id', '=', row.id)
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => [v.version, v.kind, v.reason]),
      [
        [1, 'clinical', null],
        [2, 'safeguarding_concern', 'Wrong kind'],
      ],
    );

    const page = await getPage(t, clinician, `/cases/${caseId}/notes/${row.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Version 1 \(original\)/);
    assert.match(page.body, /CANARY-NOTE first thoughts/);
    assert.match(page.body, /Version 2 \(current\)/);
    assert.match(page.body, /CANARY-NOTE amended text/);
    assert.match(page.body, /Wrong kind/);
    const list = await getPage(t, clinician, `/cases/${caseId}/notes`);
    assert.match(list.body, /Safeguarding concern/);
    assert.doesNotMatch(list.body, /first thoughts/);

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_type', '=', 'case_note')
      .where('subject_id', '=', row.id)
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      'alteration',
      'collection',
      'consultation',
    ]);
    assert.doesNotMatch(JSON.stringify(audit), /CANARY/);
  });

  it('a version can never be changed or removed, even directly', async () => {
    const caseId = await openCase();
    await postForm(t, clinician, `/cases/${caseId}/notes`, note('1'));
    const row = await db()
      .selectFrom('case_notes')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    await assert.rejects(
      sql`UPDATE case_note_versions SET body = 'rewritten' WHERE note_id = ${row.id}`.execute(db()),
      /cannot change/,
    );
    await assert.rejects(
      sql`DELETE FROM case_note_versions WHERE note_id = ${row.id}`.execute(db()),
      /cannot change/,
    );
    // An amendment without a reason is refused by the table too.
    await assert.rejects(
      sql`INSERT INTO case_note_versions (note_id, version, noted_on, kind, body, written_by, written_at)
          VALUES (${row.id}, 2, '2026-06-01', 'other', 'x', ${clinician.userId}, now())`.execute(
        db(),
      ),
      /check constraint/,
    );
  });

  it('only the health record’s readers see notes', async () => {
    const caseId = await openCase();
    await postForm(t, clinician, `/cases/${caseId}/notes`, note('1'));
    assert.equal((await getPage(t, lead, `/cases/${caseId}/notes`)).statusCode, 200);
    for (const who of [officer, otherHub]) {
      const page = await getPage(t, who, `/cases/${caseId}/notes`);
      assert.notEqual(page.statusCode, 200);
      assert.doesNotMatch(page.body, /CANARY-NOTE/);
    }
  });
});
