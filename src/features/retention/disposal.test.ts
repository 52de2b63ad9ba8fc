import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshCode, signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, postForm } from '../../../test/support/journey.ts';
import { DISPOSED_TEXT } from '../../domain/disposal.ts';
import { recomputeAllRetention } from './recompute.ts';
import { mainText, retentionFixture, type RetentionFixture } from './testing.ts';

describe('disposal at the end of retention: propose, approve by a second officer, tombstone', () => {
  let f: RetentionFixture;
  let ig2: SignedIn;
  before(async () => {
    f = await retentionFixture();
    ig2 = await signIn(f.t, { roles: ['ig_officer'] });
    // The adult's person has another episode (the "old" case): their details must stay.
    await f.t.database.db
      .updateTable('cases')
      .set({ person_id: f.cases.adult.personId })
      .where('id', '=', f.cases.old.caseId)
      .execute();
    await recomputeAllRetention(f.t.database, f.t.clock);
  });
  after(async () => {
    await f?.t.close();
  });

  it('the review page offers disposal; a reason is required (GOV.UK errors, not a 500)', async () => {
    const { t, ig, cases } = f;
    const keep = await getPage(t, ig, `/retention/${cases.child.caseId}/health/keep`);
    assert.match(mainText(keep.body), /Propose to dispose of these records/);
    const url = `/retention/${cases.child.caseId}/health/dispose`;
    assert.equal((await getPage(t, ig, url)).statusCode, 200);
    const empty = await postForm(t, ig, url, { reason: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(mainText(empty.body), /Enter why the records can be disposed of/);
    // Not due: the open case's health clock runs to 2046.
    const notDue = await getPage(t, ig, `/retention/${cases.open.caseId}/health/dispose`);
    assert.equal(notDue.statusCode, 404);
  });

  it('the proposer cannot approve; a second officer approves with a fresh code', async () => {
    const { t, ig, lead, cases } = f;
    const db = t.database.db;
    const proposed = await postForm(t, ig, `/retention/${cases.child.caseId}/health/dispose`, {
      reason: 'Retention period over; no hold',
    });
    assert.equal(proposed.statusCode, 303);
    const list = mainText((await getPage(t, ig, '/retention/disposals')).body);
    assert.match(list, new RegExp(`${cases.child.reference}.*Your proposal`));
    const { id } = await db
      .selectFrom('retention_disposals')
      .select('id')
      .where('case_id', '=', cases.child.caseId)
      .executeTakeFirstOrThrow();
    const own = await postForm(t, ig, `/retention/disposals/${id}/approve`, {
      stepUpCode: freshCode(t, ig),
    });
    assert.equal(own.statusCode, 403);
    assert.match(mainText(own.body), /another information governance officer approves it/);

    const page = await getPage(t, ig2, `/retention/disposals/${id}`);
    assert.match(mainText(page.body), /Approve and dispose of the records/);
    const noCode = await postForm(t, ig2, `/retention/disposals/${id}/approve`, {});
    assert.notEqual(noCode.statusCode, 303, 'a security code is asked for first');
    assert.equal(
      (
        await db
          .selectFrom('retention_disposals')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status,
      'proposed',
    );
    const approved = await postForm(t, ig2, `/retention/disposals/${id}/approve`, {
      stepUpCode: freshCode(t, ig2),
    });
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, '/retention/disposals?done=1');
    const row = await db
      .selectFrom('retention_disposals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'disposed');
    assert.equal(row.approved_by, ig2.userId);
    assert.equal(row.reference, cases.child.reference);
    // Gone from the queue; the case page shows the tombstone to the hub lead.
    const queue = mainText((await getPage(t, ig, '/retention?clock=health')).body);
    assert.doesNotMatch(queue, new RegExp(cases.child.reference));
    const casePage = mainText((await getPage(t, lead, `/cases/${cases.child.caseId}`)).body);
    assert.match(casePage, /Records disposed of/);
    assert.match(casePage, /Health records disposed of on/);
    // The nightly job does not bring it back.
    await recomputeAllRetention(t.database, t.clock);
    assert.equal((await f.reviews(cases.child.caseId)).health, undefined);
  });

  it('police content: the person’s details stay while another episode uses them', async () => {
    const { t, ig, cases } = f;
    const db = t.database.db;
    await postForm(t, ig, `/retention/${cases.adult.caseId}/police/dispose`, {
      reason: 'Police review period over',
    });
    const { id } = await db
      .selectFrom('retention_disposals')
      .select('id')
      .where('case_id', '=', cases.adult.caseId)
      .executeTakeFirstOrThrow();
    const approved = await postForm(t, ig2, `/retention/disposals/${id}/approve`, {
      stepUpCode: freshCode(t, ig2),
    });
    assert.equal(approved.statusCode, 303);
    const request = await db
      .selectFrom('support_requests')
      .select(['concerns_seen', 'support_reason'])
      .where('case_id', '=', cases.adult.caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(request, { concerns_seen: DISPOSED_TEXT, support_reason: DISPOSED_TEXT });
    const person = await db
      .selectFrom('people')
      .select('given_name')
      .where('id', '=', cases.adult.personId)
      .executeTakeFirstOrThrow();
    assert.equal(person.given_name, 'CANARY-adult', 'kept for the other episode');
    const erasure = await db
      .selectFrom('audit_events')
      .select(['detail', 'subject_id'])
      .where('action', '=', 'erasure')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal((erasure.detail as { personDetails: boolean }).personDetails, false);
  });

  it('police content of a person with one episode takes their police-provided details', async () => {
    const { t, ig, cases } = f;
    const db = t.database.db;
    await postForm(t, ig, `/retention/${cases.north.caseId}/police/dispose`, {
      reason: 'Police review period over',
    });
    const { id } = await db
      .selectFrom('retention_disposals')
      .select('id')
      .where('case_id', '=', cases.north.caseId)
      .executeTakeFirstOrThrow();
    await postForm(t, ig2, `/retention/disposals/${id}/approve`, {
      stepUpCode: freshCode(t, ig2),
    });
    const person = await db
      .selectFrom('people')
      .select(['given_name', 'family_name', 'date_of_birth'])
      .where('id', '=', cases.north.personId)
      .executeTakeFirstOrThrow();
    assert.equal(person.given_name, DISPOSED_TEXT);
    assert.equal(person.date_of_birth, '1985-01-01', 'the coded facts stay');
  });
});
