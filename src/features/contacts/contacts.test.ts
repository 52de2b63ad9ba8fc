import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, signInAs, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';

// The test clock starts at 9am UTC on 1 June 2026 (10am in London); consent entries made by
// recordConsentEntry are decided on 22 May 2026.
const appointment = (version: string, change: Record<string, string> = {}) => ({
  version,
  kind: 'person',
  withWhom: '',
  method: 'face_to_face',
  'day-day': '3',
  'day-month': '6',
  'day-year': '2026',
  time: '2:30pm',
  place: 'Ladywood Health Centre',
  duration: '50',
  ...change,
});

describe('contacts and appointments', () => {
  let t: TestApp;
  let officer: SignedIn;
  let lead: SignedIn;
  let clinician: SignedIn;
  let otherClinician: SignedIn;
  let otherLead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;
  /** Moves the clock, and signs everyone in again (a session does not last days). */
  let moves = 0;
  async function at(iso: string) {
    // A sign-in code is good once: each move lands in a fresh 30-second step.
    moves += 1;
    t.clock.set(new Date(new Date(iso).getTime() + moves * 31_000));
    officer = await signInAs(t, officer.user);
    lead = await signInAs(t, lead.user);
    clinician = await signInAs(t, clinician.user);
    otherClinician = await signInAs(t, otherClinician.user);
    otherLead = await signInAs(t, otherLead.user);
  }
  const rows = (caseId: string) =>
    db()
      .selectFrom('contacts')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('starts_at')
      .execute();

  async function openCase(consent: 'given' | 'declined' | null) {
    const made = await insertCase(db(), { hubCode: 'WM', requestedBy: officer.userId });
    await allocate(db(), { caseId: made.caseId, clinicianId: clinician.userId, byId: lead.userId });
    if (consent) {
      await recordConsentEntry(db(), {
        caseId: made.caseId,
        byId: clinician.userId,
        status: consent,
      });
    }
    return made.caseId;
  }

  it('refuses contact with the person before consent, with the reason; family contact is fine', async () => {
    const caseId = await openCase(null);
    const refused = await postForm(
      t,
      clinician,
      `/cases/${caseId}/contacts/book`,
      appointment('1'),
    );
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /There was no consent in force on 3 June 2026/);
    assert.match(refused.body, /govuk-error-summary/);
    assert.equal((await rows(caseId)).length, 0);

    const family = await postForm(
      t,
      clinician,
      `/cases/${caseId}/contacts/book`,
      appointment('1', { kind: 'family_carer', withWhom: 'Mother' }),
    );
    assert.equal(family.statusCode, 303);
    const [row] = await rows(caseId);
    assert.equal(row!.kind, 'family_carer');
    assert.equal(row!.status, 'planned');

    // Declined consent refuses it too, saying so.
    const declined = await openCase('declined');
    const no = await postForm(t, clinician, `/cases/${declined}/contacts/book`, appointment('1'));
    assert.equal(no.statusCode, 400);
    assert.match(no.body, /had declined consent on 3 June 2026/);
  });

  it('books, records did not attend, books again, records attended: counts and last contact kept', async () => {
    await at('2026-06-01T09:00:00Z');
    const caseId = await openCase('given');
    const booked = await postForm(t, clinician, `/cases/${caseId}/contacts/book`, appointment('1'));
    assert.equal(booked.statusCode, 303);
    assert.equal(booked.headers.location, `/cases/${caseId}/contacts?done=booked`);
    assert.equal(await caseVersion(db(), caseId), '2');
    const [first] = await rows(caseId);
    assert.equal(first!.status, 'planned');
    assert.equal(first!.starts_at.toISOString(), '2026-06-03T13:30:00.000Z');
    assert.equal(first!.clinician_id, clinician.userId);

    // Attended before the day has come is refused.
    const early = await postForm(t, clinician, `/cases/${caseId}/contacts/${first!.id}/outcome`, {
      version: '1',
      outcome: 'attended',
      summary: 'Too early',
    });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /on or after that day/);

    await at('2026-06-03T15:00:00Z');
    const dna = await postForm(t, clinician, `/cases/${caseId}/contacts/${first!.id}/outcome`, {
      version: '1',
      outcome: 'did_not_attend',
      summary: '',
    });
    assert.equal(dna.statusCode, 303);
    // The same form again is stale: the outcome is not recorded twice.
    const again = await postForm(t, clinician, `/cases/${caseId}/contacts/${first!.id}/outcome`, {
      version: '1',
      outcome: 'did_not_attend',
    });
    assert.equal(again.statusCode, 409);

    const second = await postForm(
      t,
      clinician,
      `/cases/${caseId}/contacts/book`,
      appointment('2', { 'day-day': '5', time: '10am' }),
    );
    assert.equal(second.statusCode, 303);
    const secondRow = (await rows(caseId))[1]!;
    await at('2026-06-05T11:00:00Z');
    const attended = await postForm(
      t,
      clinician,
      `/cases/${caseId}/contacts/${secondRow.id}/outcome`,
      {
        version: '1',
        outcome: 'attended',
        summary: 'CANARY-CONTACT talked about sleep.',
        duration: '45',
      },
    );
    assert.equal(attended.statusCode, 303);
    const after = await rows(caseId);
    assert.deepEqual(
      after.map((r) => r.status),
      ['did_not_attend', 'attended'],
    );
    const kase = await db()
      .selectFrom('cases')
      .select('last_person_contact_on')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(String(kase.last_person_contact_on), '2026-06-05');

    const list = await getPage(t, clinician, `/cases/${caseId}/contacts`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /CANARY-CONTACT/);
    assert.match(
      list.body,
      /Did not attend\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</,
    );
    assert.match(list.body, /5 June 2026/);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_type', '=', 'contact')
      .where('subject_id', '=', secondRow.id)
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['alteration', 'collection']);
    assert.doesNotMatch(JSON.stringify(audit), /CANARY/);

    // The case page's timeline and section show them.
    const page = await getPage(t, clinician, `/cases/${caseId}`);
    assert.equal(page.statusCode, 200);
  });

  it('reschedules: the old appointment points at the new one', async () => {
    await at('2026-06-07T09:00:00Z');
    const caseId = await openCase('given');
    await postForm(
      t,
      clinician,
      `/cases/${caseId}/contacts/book`,
      appointment('1', { 'day-day': '12' }),
    );
    const [old] = await rows(caseId);
    const moved = await postForm(t, clinician, `/cases/${caseId}/contacts/${old!.id}/outcome`, {
      version: '1',
      outcome: 'rescheduled',
      'newDay-day': '20',
      'newDay-month': '6',
      'newDay-year': '2026',
      newTime: '11:15',
    });
    assert.equal(moved.statusCode, 303);
    const [was, now] = await rows(caseId);
    assert.equal(was!.status, 'rescheduled');
    assert.equal(was!.rescheduled_to, now!.id);
    assert.equal(now!.status, 'planned');
    assert.equal(now!.starts_at.toISOString(), '2026-06-20T10:15:00.000Z');
    // Cancelled needs who cancelled.
    const noWho = await postForm(t, clinician, `/cases/${caseId}/contacts/${now!.id}/outcome`, {
      version: '1',
      outcome: 'cancelled',
    });
    assert.equal(noWho.statusCode, 400);
    assert.match(noWho.body, /Select who cancelled the appointment/);
  });

  it('records a contact after the fact, not in the future', async () => {
    await at('2026-06-08T09:00:00Z');
    const caseId = await openCase('given');
    const future = await postForm(t, clinician, `/cases/${caseId}/contacts/record`, {
      ...appointment('1', { method: 'phone', 'day-day': '20' }),
      summary: 'Phoned',
    });
    assert.equal(future.statusCode, 400);
    const done = await postForm(t, clinician, `/cases/${caseId}/contacts/record`, {
      ...appointment('1', { method: 'phone', 'day-day': '29', 'day-month': '5' }),
      summary: 'Phoned to check in.',
    });
    assert.equal(done.statusCode, 303);
    const [row] = await rows(caseId);
    assert.equal(row!.status, 'attended');
    assert.equal(row!.outcome_by, clinician.userId);
  });

  it('the database refuses a contact with the person without consent in force on its day', async () => {
    const caseId = await openCase(null);
    const insert = (startsAt: string, status = 'attended', kind = 'person') =>
      sql`INSERT INTO contacts (case_id, kind, method, status, starts_at, clinician_id, summary,
            cancelled_by, recorded_by, recorded_at, outcome_by, outcome_at, with_whom)
          VALUES (${caseId}, ${kind}, 'phone', ${status}, ${startsAt}::timestamptz,
            ${clinician.userId}, 'x', ${status === 'cancelled' ? 'service' : null},
            ${clinician.userId}, now(), ${status === 'planned' ? null : clinician.userId},
            ${status === 'planned' ? null : new Date()}, ${kind === 'person' ? null : 'Mother'})`.execute(
        db(),
      );
    await assert.rejects(insert('2026-06-01T10:00:00Z'), /needs consent in force on 2026-06-01/);
    await assert.rejects(insert('2026-06-20T10:00:00Z', 'planned'), /needs consent/);
    // A cancellation or a contact with family needs none.
    await insert('2026-06-01T10:00:00Z', 'cancelled');
    await insert('2026-06-01T10:00:00Z', 'attended', 'family_carer');

    await recordConsentEntry(db(), { caseId, byId: clinician.userId, status: 'given' });
    // Decided on 22 May 2026: the day before is refused, that day (UK time) is allowed.
    await assert.rejects(insert('2026-05-21T22:59:00Z'), /needs consent in force on 2026-05-21/);
    await insert('2026-05-21T23:30:00Z');
    // Withdrawn from 1 July: a contact on 30 June is allowed, on 1 July it is not.
    await db()
      .insertInto('consents')
      .values({
        case_id: caseId,
        status: 'withdrawn',
        method: 'verbal',
        decided_at: new Date('2026-07-01T08:00:00Z'),
        best_interests_by: null,
        note: null,
        recorded_by: clinician.userId,
        recorded_at: new Date('2026-07-01T08:00:00Z'),
      })
      .execute();
    await insert('2026-06-30T12:00:00Z');
    await assert.rejects(insert('2026-07-01T12:00:00Z'), /needs consent/);
    // The trigger kept the last attended contact with the person (not the family contact).
    const kase = await db()
      .selectFrom('cases')
      .select('last_person_contact_on')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(String(kase.last_person_contact_on), '2026-06-30');
    // Updating an appointment to attended is checked too.
    await assert.rejects(
      sql`UPDATE contacts SET starts_at = '2026-07-02T10:00:00Z' WHERE case_id = ${caseId} AND kind = 'person' AND status = 'attended'`.execute(
        db(),
      ),
      /needs consent/,
    );
  });

  it('only the health record’s readers see contacts', async () => {
    const caseId = await openCase('given');
    assert.equal((await getPage(t, clinician, `/cases/${caseId}/contacts`)).statusCode, 200);
    assert.equal((await getPage(t, lead, `/cases/${caseId}/contacts`)).statusCode, 200);
    assert.notEqual((await getPage(t, officer, `/cases/${caseId}/contacts`)).statusCode, 200);
    assert.notEqual((await getPage(t, otherLead, `/cases/${caseId}/contacts`)).statusCode, 200);
    assert.notEqual(
      (await getPage(t, otherLead, `/cases/${caseId}/contacts/book`)).statusCode,
      200,
    );
  });

  it('My week lists the clinician’s own appointments of the next 7 days; the hub lead sees the hub’s', async () => {
    await at('2026-08-01T08:00:00Z');
    const caseId = await openCase('given');
    const reference = (
      await db()
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).reference;
    const book = (day: string, version: string) =>
      postForm(
        t,
        clinician,
        `/cases/${caseId}/contacts/book`,
        appointment(version, { 'day-day': day, 'day-month': '8', place: `Room ${day}` }),
      );
    assert.equal((await book('1', '1')).statusCode, 303);
    assert.equal((await book('8', '2')).statusCode, 303);
    assert.equal((await book('9', '3')).statusCode, 303);

    const mine = await getPage(t, clinician, '/my-week');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, new RegExp(`href="/cases/${caseId}/contacts">${reference}<`));
    assert.match(mine.body, /Today, 1 August 2026/);
    assert.match(mine.body, /Room 1</);
    assert.match(mine.body, /Room 8</);
    assert.doesNotMatch(mine.body, /Room 9</);

    // Another clinician of the hub, not allocated, sees none of it.
    const theirs = await getPage(t, otherClinician, '/my-week');
    assert.equal(theirs.statusCode, 200);
    assert.doesNotMatch(theirs.body, new RegExp(reference));

    const hub = await getPage(t, lead, '/hub-week');
    assert.equal(hub.statusCode, 200);
    assert.match(hub.body, new RegExp(reference));
    assert.equal((await getPage(t, clinician, '/hub-week')).statusCode, 403);
    const other = await getPage(t, otherLead, '/hub-week');
    assert.equal(other.statusCode, 200);
    assert.doesNotMatch(other.body, new RegExp(reference));
    assert.equal((await getPage(t, officer, '/my-week')).statusCode, 403);
  });
});
