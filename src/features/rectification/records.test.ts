import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { releasableItems } from '../disclosures/sources/index.ts';
import { restrictedRecords } from './service.ts';

/**
 * Rectification of records other than notes (issue 15): each kind corrected (a new version
 * with the reason, the old one kept) and annotated (restricted, never offered for release),
 * through the pages, by the author or the lead of the record's own side only.
 */
describe('rectification of contacts, liaison records, formulations and plans', () => {
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

  const rows = (table: 'record_rectifications' | 'police_rectifications', recordId: string) =>
    db().selectFrom(table).selectAll().where('record_id', '=', recordId).execute();

  it('contact: the author corrects the summary, the old text kept on the rectification', async () => {
    const caseId = await aCase();
    const contact = await db()
      .insertInto('contacts')
      .values({
        case_id: caseId,
        kind: 'professional',
        method: 'phone',
        status: 'attended',
        starts_at: new Date('2026-05-28T10:00:00Z'),
        with_whom: 'GP',
        clinician_id: author.userId,
        summary: 'GP says he missed three appointments.',
        recorded_by: author.userId,
        recorded_at: now(),
        outcome_by: author.userId,
        outcome_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const url = `/cases/${caseId}/rectify/contact/${contact.id}`;
    // A colleague who did not write it reads the page but finds no form, and cannot answer.
    const read = await getPage(t, colleague, url);
    assert.equal(read.statusCode, 200);
    assert.doesNotMatch(read.body, /Save answer/);
    const tried = await postForm(
      t,
      colleague,
      url,
      answer(1, { outcome: 'annotated', annotation: 'x' }),
    );
    assert.equal(tried.statusCode, 404);
    assert.match((await getPage(t, author, url)).body, /Save answer/);
    const done = await postForm(
      t,
      author,
      url,
      answer(1, {
        outcome: 'corrected',
        body: 'GP says he missed one appointment.',
        reason: 'Misheard',
      }),
    );
    assert.equal(done.statusCode, 303);
    const row = await db()
      .selectFrom('contacts')
      .select(['summary', 'version'])
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { summary: 'GP says he missed one appointment.', version: 2 });
    const [r] = await rows('record_rectifications', contact.id);
    assert.equal(r!.record_kind, 'contact');
    assert.equal(r!.corrected_version, 2);
    assert.equal(r!.previous_text, 'GP says he missed three appointments.');
    const page = await getPage(t, author, url);
    assert.match(page.body, /As it was before/);
    assert.match(page.body, /missed three appointments/);
    assert.deepEqual([...(await restrictedRecords(db(), caseId))], []);
  });

  it('liaison: the hub lead annotates a record that must stand; restricted, not exported', async () => {
    const caseId = await aCase();
    const liaison = await db()
      .insertInto('liaison_contacts')
      .values({
        case_id: caseId,
        contact_date: '2026-05-27',
        agency_type: 'gp_primary_care',
        organisation: 'Ladywood Health Centre',
        direction: 'outgoing',
        purpose: 'advice',
        summary: 'LIAISON-DISPUTED said he was aggressive.',
        on_behalf: false,
        consent_covers: false,
        recorded_by: author.userId,
        recorded_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const list = await getPage(t, lead, `/cases/${caseId}/liaison`);
    const url = `/cases/${caseId}/rectify/liaison/${liaison.id}`;
    assert.match(list.body, new RegExp(`href="${url}"`));
    assert.match((await getPage(t, lead, `/cases/${caseId}/fhir`)).body, /LIAISON-DISPUTED/);
    const missing = await postForm(t, lead, url, answer(1, { outcome: 'annotated' }));
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Enter why the liaison record must stand/);
    const done = await postForm(
      t,
      lead,
      url,
      answer(1, { outcome: 'annotated', annotation: 'Recorded as reported.', statement: 'No.' }),
    );
    assert.equal(done.statusCode, 303);
    assert.ok((await restrictedRecords(db(), caseId)).has(`liaison_contacts:${liaison.id}`));
    const after = await getPage(t, colleague, `/cases/${caseId}/liaison`);
    assert.match(after.body, /Restricted: the person disputes the accuracy of this liaison record/);
    // The colleague may not answer, but reads the annotation and the person's statement.
    assert.match(after.body, />Correction requests</);
    const read = await getPage(t, colleague, url);
    assert.match(read.body, /Recorded as reported\./);
    assert.doesNotMatch(read.body, /Save answer/);
    assert.doesNotMatch((await getPage(t, lead, `/cases/${caseId}/fhir`)).body, /LIAISON-DISPUTED/);
  });

  async function signedOffFormulation(caseId: string) {
    return db()
      .insertInto('formulations')
      .values({
        case_id: caseId,
        version_number: 1,
        template_id: 'vss-5ps',
        template_version: '1',
        status: 'signed_off',
        author_id: author.userId,
        presenting: 'FORMULATION-DISPUTED presenting',
        submitted_by: author.userId,
        submitted_at: now(),
        signed_off_by: lead.userId,
        signed_off_at: now(),
        created_at: now(),
        updated_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  const offered = async (caseId: string, direction: 'health_to_police' | 'police_to_health') =>
    JSON.stringify(await releasableItems(db(), caseId, direction));

  it('formulation: a correction starts a new draft version with the reason; the old one stays', async () => {
    const caseId = await aCase();
    const f = await signedOffFormulation(caseId);
    const url = `/cases/${caseId}/rectify/formulation/${f.id}`;
    const done = await postForm(
      t,
      author,
      url,
      answer(1, { outcome: 'corrected', reason: 'The history was of another person' }),
    );
    assert.equal(done.statusCode, 303);
    const versions = await db()
      .selectFrom('formulations')
      .select(['version_number', 'status', 'review_reason', 'presenting', 'author_id'])
      .where('case_id', '=', caseId)
      .orderBy('version_number')
      .execute();
    assert.deepEqual(
      versions.map((v) => [v.version_number, v.status, v.review_reason]),
      [
        [1, 'signed_off', null],
        [2, 'draft', "Corrected at the person's request: The history was of another person"],
      ],
    );
    assert.equal(versions[1]!.presenting, 'FORMULATION-DISPUTED presenting');
    const [r] = await rows('record_rectifications', f.id);
    assert.equal(r!.corrected_version, 2);
    // A second correction waits for the version in progress.
    const again = await postForm(
      t,
      lead,
      url,
      answer(1, { outcome: 'corrected', reason: 'Again' }),
    );
    assert.equal(again.statusCode, 409);
  });

  it('formulation: annotated, it is no longer offered for a disclosure', async () => {
    const caseId = await aCase();
    const f = await signedOffFormulation(caseId);
    assert.match(await offered(caseId, 'health_to_police'), /FORMULATION-DISPUTED/);
    const done = await postForm(
      t,
      lead,
      `/cases/${caseId}/rectify/formulation/${f.id}`,
      answer(1, { outcome: 'annotated', annotation: 'The clinical opinion of the time.' }),
    );
    assert.equal(done.statusCode, 303);
    assert.doesNotMatch(await offered(caseId, 'health_to_police'), /FORMULATION-DISPUTED/);
  });

  async function planWithAction(caseId: string) {
    const plan = await db()
      .insertInto('plans')
      .values({
        case_id: caseId,
        version_number: 1,
        review_date: '2026-08-01',
        created_by: author.userId,
        created_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const need = await db()
      .insertInto('plan_needs')
      .values({
        plan_id: plan.id,
        lineage_id: randomUUID(),
        position: 1,
        category: 'access_to_services',
        description: 'Housing support',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('plan_actions')
      .values({
        plan_id: plan.id,
        need_id: need.id,
        lineage_id: randomUUID(),
        position: 1,
        description: 'PLAN-DISPUTED: refer to housing for his drinking',
        service_type: 'housing',
        agency: 'Council',
        owner: 'Clinician',
        due_date: '2026-07-01',
        created_by: author.userId,
        created_at: now(),
        updated_by: author.userId,
        updated_at: now(),
      })
      .execute();
    return plan;
  }

  it('plan: a correction starts a new version with the reason; annotating restricts its actions', async () => {
    const caseId = await aCase();
    const plan = await planWithAction(caseId);
    const url = `/cases/${caseId}/rectify/plan/${plan.id}`;
    assert.match(await offered(caseId, 'health_to_police'), /PLAN-DISPUTED/);
    const corrected = await postForm(
      t,
      author,
      url,
      answer(1, { outcome: 'corrected', reason: 'He does not drink' }),
    );
    assert.equal(corrected.statusCode, 303);
    const versions = await db()
      .selectFrom('plans')
      .select(['id', 'version_number', 'superseded_at'])
      .where('case_id', '=', caseId)
      .orderBy('version_number')
      .execute();
    assert.equal(versions.length, 2);
    assert.notEqual(versions[0]!.superseded_at, null);
    const review = await db()
      .selectFrom('plan_reviews')
      .select('changes')
      .where('plan_id', '=', plan.id)
      .executeTakeFirstOrThrow();
    assert.equal(review.changes, "Corrected at the person's request: He does not drink");
    // The old version cannot be corrected again; the current one is annotated instead.
    const old = await postForm(t, lead, url, answer(1, { outcome: 'corrected', reason: 'x' }));
    assert.equal(old.statusCode, 409);
    const current = versions[1]!;
    const annotated = await postForm(
      t,
      lead,
      `/cases/${caseId}/rectify/plan/${current.id}`,
      answer(2, { outcome: 'annotated', annotation: 'The plan agreed at the time.' }),
    );
    assert.equal(annotated.statusCode, 303);
    assert.doesNotMatch(await offered(caseId, 'health_to_police'), /PLAN-DISPUTED/);
  });
});
