import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { eraseClock } from '../retention/erase.ts';
import { restrictedNoteIds } from './service.ts';

const ORIGINAL = 'Seen at home. Says he drinks heavily every night.';
const CORRECTED = 'Seen at home. Says he drinks occasionally at weekends.';

describe('rectification of case notes', () => {
  let t: TestApp;
  let officer: SignedIn;
  let author: SignedIn;
  let colleague: SignedIn;
  let lead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    author = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    colleague = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;

  /** A closed case (rectification does not need an open one) with one note by the author. */
  async function noteOnCase() {
    const { caseId } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: 'closed',
    });
    await allocate(db(), { caseId, clinicianId: author.userId, byId: lead.userId });
    await db()
      .insertInto('allocations')
      .values({
        case_id: caseId,
        clinician_id: colleague.userId,
        role: 'other',
        allocated_from: t.clock.now(),
        allocated_by: lead.userId,
      })
      .execute();
    const note = await db()
      .insertInto('case_notes')
      .values({ case_id: caseId, created_by: author.userId, created_at: t.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('case_note_versions')
      .values({
        note_id: note.id,
        version: 1,
        noted_on: '2026-05-25',
        kind: 'clinical',
        body: ORIGINAL,
        reason: null,
        written_by: author.userId,
        written_at: t.clock.now(),
      })
      .execute();
    return { caseId, noteId: note.id, url: `/cases/${caseId}/notes/${note.id}` };
  }

  const answer = (fields: Record<string, string>) => ({
    version: '1',
    'requestedOn-day': '1',
    'requestedOn-month': '6',
    'requestedOn-year': '2026',
    request: 'He says he never said he drinks every night.',
    ...fields,
  });

  const versions = (noteId: string) =>
    db()
      .selectFrom('case_note_versions')
      .selectAll()
      .where('note_id', '=', noteId)
      .orderBy('version')
      .execute();

  it('the author corrects a note: a new version with the reason, the original kept and readable', async () => {
    const { noteId, url } = await noteOnCase();
    const page = await getPage(t, author, url);
    assert.match(page.body, new RegExp(`href="${url}/rectify"`));
    assert.equal((await getPage(t, author, `${url}/rectify`)).statusCode, 200);

    const missing = await postForm(t, author, `${url}/rectify`, answer({ outcome: 'corrected' }));
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /There is a problem/);
    assert.match(missing.body, /href="#body"/);
    assert.match(missing.body, /href="#reason"/);

    const done = await postForm(
      t,
      author,
      `${url}/rectify`,
      answer({ outcome: 'corrected', body: CORRECTED, reason: 'He was misheard' }),
    );
    assert.equal(done.statusCode, 303);
    const all = await versions(noteId);
    assert.deepEqual(
      all.map((v) => [v.version, v.body, v.reason]),
      [
        [1, ORIGINAL, null],
        [2, CORRECTED, "Corrected at the person's request: He was misheard"],
      ],
    );
    const [row] = await db()
      .selectFrom('record_rectifications')
      .selectAll()
      .where('record_id', '=', noteId)
      .execute();
    assert.equal(row!.outcome, 'corrected');
    assert.equal(row!.corrected_version, 2);
    const after = await getPage(t, colleague, url);
    assert.match(after.body, new RegExp(ORIGINAL));
    assert.match(after.body, new RegExp(CORRECTED));
    assert.doesNotMatch(after.body, /Restricted:/);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_type', '=', 'note_rectification')
      .where('subject_id', '=', row!.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.doesNotMatch(JSON.stringify(audit[0]!.detail), /misheard|drinks/);

    // A form opened on version 1 is stale now.
    const stale = await postForm(
      t,
      author,
      `${url}/rectify`,
      answer({ outcome: 'annotated', annotation: 'Stands.' }),
    );
    assert.equal(stale.statusCode, 409);
  });

  it('the hub lead annotates a note that must stand: it is restricted, with the statement', async () => {
    const { caseId, noteId, url } = await noteOnCase();
    const done = await postForm(
      t,
      lead,
      `${url}/rectify`,
      answer({
        outcome: 'annotated',
        annotation: 'Recorded as he said it at the time.',
        statement: 'I have never drunk every night.',
      }),
    );
    assert.equal(done.statusCode, 303);
    assert.equal((await versions(noteId)).length, 1);
    assert.deepEqual([...(await restrictedNoteIds(db(), caseId))], [noteId]);
    const page = await getPage(t, author, url);
    assert.match(page.body, /Restricted: the person disputes the accuracy of this note/);
    assert.match(page.body, /Recorded as he said it at the time\./);
    assert.match(page.body, /I have never drunk every night\./);
    assert.match(page.body, new RegExp(ORIGINAL));
  });

  it('a colleague who is not the author, or the officer, finds no form and changes nothing', async () => {
    const { noteId, url } = await noteOnCase();
    assert.doesNotMatch((await getPage(t, colleague, url)).body, /rectify/);
    assert.equal((await getPage(t, colleague, `${url}/rectify`)).statusCode, 404);
    const tried = await postForm(
      t,
      colleague,
      `${url}/rectify`,
      answer({ outcome: 'annotated', annotation: 'No.' }),
    );
    assert.equal(tried.statusCode, 404);
    const police = await postForm(
      t,
      officer,
      `${url}/rectify`,
      answer({ outcome: 'annotated', annotation: 'No.' }),
    );
    assert.ok([403, 404].includes(police.statusCode));
    const rows = await db()
      .selectFrom('record_rectifications')
      .select('id')
      .where('record_id', '=', noteId)
      .execute();
    assert.equal(rows.length, 0);
  });

  it('disposal of the health records erases what rectification and reopening wrote', async () => {
    const { caseId, url } = await noteOnCase();
    const done = await postForm(
      t,
      lead,
      `${url}/rectify`,
      answer({
        request: 'CANARY-REQUEST',
        outcome: 'annotated',
        annotation: 'CANARY-ANNOTATION',
        statement: 'CANARY-STATEMENT',
      }),
    );
    assert.equal(done.statusCode, 303);
    await db()
      .insertInto('case_reopenings')
      .values({
        case_id: caseId,
        reason: 'CANARY-REASON',
        closed_at: t.clock.now(),
        closure_outcome: 'crisis_care',
        reopened_by: lead.userId,
        reopened_at: t.clock.now(),
      })
      .execute();
    await db()
      .transaction()
      .execute((trx) => eraseClock(trx, caseId, 'health'));
    const rows = await db()
      .selectFrom('record_rectifications')
      .select(['request', 'annotation', 'statement', 'outcome'])
      .where('case_id', '=', caseId)
      .execute();
    const reopenings = await db()
      .selectFrom('case_reopenings')
      .select(['reason', 'closure_outcome'])
      .where('case_id', '=', caseId)
      .execute();
    assert.doesNotMatch(JSON.stringify([rows, reopenings]), /CANARY/);
    assert.equal(rows[0]!.outcome, 'annotated');
    assert.equal(reopenings[0]!.closure_outcome, 'crisis_care');
  });
});
