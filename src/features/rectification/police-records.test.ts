import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { releasableItems } from '../disclosures/sources/index.ts';

/**
 * Rectification of police content (issue 15): corrected or annotated by its author or the
 * police lead, on the police side's pages; never by a health account, and the police lead
 * never answers for health records.
 */
describe('rectification of police content: the request and police updates', () => {
  let t: TestApp;
  let officer: SignedIn;
  let otherOfficer: SignedIn;
  let policeLead: SignedIn;
  let author: SignedIn;
  let colleague: SignedIn;
  let lead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    otherOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    author = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    colleague = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;
  const now = () => t.clock.now();

  async function aCase() {
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
        allocated_from: now(),
        allocated_by: lead.userId,
      })
      .execute();
    return caseId;
  }

  const answer = (version: number, fields: Record<string, string>) => ({
    version: String(version),
    'requestedOn-day': '1',
    'requestedOn-month': '6',
    'requestedOn-year': '2026',
    request: 'The person says this is wrong.',
    ...fields,
  });

  const offered = async (caseId: string) =>
    JSON.stringify(await releasableItems(db(), caseId, 'police_to_health'));

  const rows = (table: 'record_rectifications' | 'police_rectifications', recordId: string) =>
    db().selectFrom(table).selectAll().where('record_id', '=', recordId).execute();

  it('police update: its author corrects it, the police lead annotates; no health account may', async () => {
    const caseId = await aCase();
    const update = await db()
      .insertInto('police_updates')
      .values({
        case_id: caseId,
        author_id: officer.userId,
        body: 'UPDATE-DISPUTED: arrested in May.',
        created_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const url = `/requests/${caseId}/rectify/police_update/${update.id}`;
    // The hub lead never edits police content (no permission: 403), nor another officer
    // someone else's update (the domain rule: no form, 404).
    assert.equal((await getPage(t, lead, url)).statusCode, 403);
    assert.equal(
      (await postForm(t, lead, url, answer(1, { outcome: 'annotated', annotation: 'x' })))
        .statusCode,
      403,
    );
    assert.equal((await getPage(t, otherOfficer, url)).statusCode, 404);
    // Nor the police lead health records.
    assert.equal(
      (await getPage(t, policeLead, `/cases/${caseId}/rectify/formulation/${randomUUID()}`))
        .statusCode,
      403,
    );

    const corrected = await postForm(
      t,
      officer,
      url,
      answer(1, { outcome: 'corrected', body: 'Interviewed in May.', reason: 'Wrong word' }),
    );
    assert.equal(corrected.statusCode, 303);
    const body = await db()
      .selectFrom('police_updates')
      .select('body')
      .where('id', '=', update.id)
      .executeTakeFirstOrThrow();
    assert.equal(body.body, 'Interviewed in May.');
    const [first] = await rows('police_rectifications', update.id);
    assert.equal(first!.previous_text, 'UPDATE-DISPUTED: arrested in May.');
    assert.equal(first!.corrected_version, 2);
    assert.equal((await rows('record_rectifications', update.id)).length, 0);

    assert.match(await offered(caseId), /Interviewed in May/);
    const annotated = await postForm(
      t,
      policeLead,
      url,
      answer(2, { outcome: 'annotated', annotation: 'Stands as reported.' }),
    );
    assert.equal(annotated.statusCode, 303);
    assert.doesNotMatch(await offered(caseId), /Interviewed in May/);
  });

  it('the request: the police lead annotates its details; the FHIR export withholds them', async () => {
    const caseId = await aCase();
    const url = `/requests/${caseId}/rectify/police_request/${caseId}`;
    assert.equal((await getPage(t, lead, url)).statusCode, 403);
    assert.equal((await getPage(t, otherOfficer, url)).statusCode, 404);
    const page = await getPage(t, policeLead, url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Low mood/);
    const done = await postForm(
      t,
      policeLead,
      url,
      answer(1, { outcome: 'annotated', annotation: 'As the school reported it.' }),
    );
    assert.equal(done.statusCode, 303);
    const [r] = await rows('police_rectifications', caseId);
    assert.equal(r!.record_kind, 'police_request');
    const fhir = await getPage(t, officer, `/requests/${caseId}/fhir`);
    assert.doesNotMatch(fhir.body, /Low mood/);
    assert.match(fhir.body, /Withheld: restricted after a correction request/);
  });
});
