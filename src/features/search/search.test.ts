import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, signIn, signInAs, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { SEARCH_PAGE_SIZE } from './service.ts';

/**
 * Search through the real app: who finds what (the access core's filter), the ranking of
 * names (typos, order, accents), the other kinds of query, the audit rows, and that the terms
 * reach no URL and no log line.
 */
let t: TestApp;
const who = {} as Record<
  | 'officer'
  | 'otherOfficer'
  | 'nwOfficer'
  | 'clinician'
  | 'hubLead'
  | 'nwClinician'
  | 'policeLead'
  | 'ig'
  | 'analyst'
  | 'admin',
  SignedIn
>;
const cases: Record<string, { caseId: string; personId: string; reference: string }> = {};

async function person(
  key: string,
  hubCode: string,
  officer: SignedIn,
  name: [string, string],
  extra: { dob?: string; nhs?: string; pcmt?: string } = {},
) {
  const made = await insertCase(t.database.db, {
    hubCode,
    requestedBy: officer.userId,
    givenName: name[0],
    familyName: name[1],
  });
  if (extra.dob || extra.nhs) {
    await t.database.db
      .updateTable('people')
      .set({
        ...(extra.dob ? { date_of_birth: extra.dob } : {}),
        ...(extra.nhs ? { nhs_number: extra.nhs } : {}),
      })
      .where('id', '=', made.personId)
      .execute();
  }
  if (extra.pcmt) {
    await t.database.db
      .updateTable('support_requests')
      .set({ pcmt_reference: extra.pcmt })
      .where('case_id', '=', made.caseId)
      .execute();
  }
  cases[key] = made;
  return made;
}

const search = (viewer: SignedIn, q: string, page?: number) =>
  postForm(t, viewer, '/search', { q, ...(page ? { page: String(page) } : {}) });

/** The references in the results table, in order. */
const found = (body: string): string[] =>
  [
    ...body.matchAll(
      /<td class="govuk-table__cell cicero-nowrap"><a class="govuk-link" href="[^"]+">([A-Z]{2,4}-\d{4}-\d{4})/g,
    ),
  ].map((m) => m[1]!);

before(async () => {
  t = await testApp();
  who.officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  who.otherOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  who.nwOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['NW'] });
  who.clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  who.hubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  who.nwClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
  who.policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
  who.ig = await signInAs(t, await createUser(t.database.db, { roles: ['ig_officer'] }));
  who.analyst = await signInAs(t, await createUser(t.database.db, { roles: ['analyst'] }));
  who.admin = await signInAs(t, await createUser(t.database.db, { roles: ['admin'] }));

  await person('john', 'WM', who.officer, ['John', 'Smith'], {
    dob: '1990-03-02',
    nhs: '9434765919',
    pcmt: 'PCMT/WM01/2026/4321',
  });
  await person('johnson', 'WM', who.officer, ['Joan', 'Smithson']);
  await person('zoe', 'WM', who.officer, ['Zoë', 'Dubois']);
  await person('nwJon', 'NW', who.nwOfficer, ['Jon', 'Smith']);
  // A re-referral: a second WM episode of John Smith.
  const again = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: who.officer.userId });
  await t.database.db
    .updateTable('cases')
    .set({ person_id: cases.john!.personId, previous_case_id: cases.john!.caseId })
    .where('id', '=', again.caseId)
    .execute();
  cases.johnAgain = { ...again, personId: cases.john!.personId };
});
after(() => t?.close());

describe('names are ranked by trigrams, whatever the typing', () => {
  test('typos: "Jonh Smtih" finds John Smith first', async () => {
    const res = await search(who.clinician, 'Jonh Smtih');
    assert.equal(res.statusCode, 200);
    // John Smith's two episodes tie at the top, above Joan Smithson.
    assert.deepEqual(
      found(res.body).slice(0, 2).sort(),
      [cases.john!.reference, cases.johnAgain!.reference].sort(),
    );
  });
  test('order: "Smith John" ranks John Smith above Joan Smithson', async () => {
    const refs = found((await search(who.clinician, 'Smith John')).body);
    assert.ok(refs.indexOf(cases.john!.reference) >= 0);
    const johnson = refs.indexOf(cases.johnson!.reference);
    assert.ok(johnson === -1 || johnson > refs.indexOf(cases.john!.reference));
  });
  test('accents and case: "zoe DUBOIS" and "Zoë" find Zoë Dubois', async () => {
    assert.deepEqual(found((await search(who.clinician, 'zoe DUBOIS')).body), [
      cases.zoe!.reference,
    ]);
    assert.deepEqual(found((await search(who.clinician, 'Zoë dubois')).body), [
      cases.zoe!.reference,
    ]);
  });
  test('a name nobody has finds nothing', async () => {
    const res = await search(who.clinician, 'Quentin Xylophone');
    assert.deepEqual(found(res.body), []);
    assert.match(res.body, /0 cases found/);
  });
});

test('the database marks a person as having a case whichever path writes it (names are looked for only among them)', async () => {
  const db = t.database.db;
  const caseless = await db
    .insertInto('people')
    .values({
      given_name: 'John',
      family_name: 'Smith',
      date_of_birth: '1990-03-02',
      gender: 'male',
      ethnicity: 'not_known',
    })
    .returning(['id', 'has_case'])
    .executeTakeFirstOrThrow();
  assert.equal(caseless.has_case, false);
  const marked = await db
    .selectFrom('people')
    .select(['id', 'has_case'])
    .where('id', 'in', [cases.john!.personId, cases.zoe!.personId])
    .execute();
  assert.deepEqual(
    marked.map((p) => p.has_case),
    [true, true],
  );
  // A case moved to another person (a re-referral linked afterwards) marks that person too.
  const moved = await insertCase(db, { hubCode: 'WM', requestedBy: who.officer.userId });
  await db
    .updateTable('cases')
    .set({ person_id: caseless.id })
    .where('id', '=', moved.caseId)
    .execute();
  const after = await db
    .selectFrom('people')
    .select('has_case')
    .where('id', '=', caseless.id)
    .executeTakeFirstOrThrow();
  assert.equal(after.has_case, true);
  await db
    .updateTable('cases')
    .set({ person_id: moved.personId })
    .where('id', '=', moved.caseId)
    .execute();
});

describe('other kinds of query', () => {
  test('case reference, NHS number with spaces, date of birth in words, PCMT reference', async () => {
    const john = cases.john!.reference;
    assert.deepEqual(found((await search(who.clinician, john.toLowerCase())).body), [john]);
    const nhs = found((await search(who.clinician, '943 476 5919')).body);
    assert.deepEqual(nhs.sort(), [john, cases.johnAgain!.reference].sort());
    const dob = found((await search(who.clinician, '2 March 1990')).body);
    assert.deepEqual(dob.sort(), [john, cases.johnAgain!.reference].sort());
    assert.deepEqual(found((await search(who.clinician, '2/3/1990')).body).length, 2);
    assert.deepEqual(found((await search(who.clinician, 'pcmt/wm01/2026/4321')).body), [john]);
  });
  test('a bad entry is a GOV.UK error, 400, nothing searched', async () => {
    const res = await search(who.clinician, '31/2/1990');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /Enter a real date of birth/);
  });
});

describe('who finds what', () => {
  const smith = async (viewer: SignedIn) => found((await search(viewer, 'Smith')).body).sort();
  test('the case officer finds their own requests, linked to their request page', async () => {
    const res = await search(who.officer, 'John Smith');
    assert.ok(found(res.body).includes(cases.john!.reference));
    assert.match(res.body, new RegExp(`href="/requests/${cases.john!.caseId}"`));
    assert.deepEqual(await smith(who.otherOfficer), []);
    assert.deepEqual(await smith(who.nwOfficer), [cases.nwJon!.reference]);
  });
  test("a clinician finds their hub's cases, never another hub's", async () => {
    const refs = await smith(who.clinician);
    assert.ok(refs.includes(cases.john!.reference));
    assert.ok(!refs.includes(cases.nwJon!.reference));
    assert.deepEqual(await smith(who.nwClinician), [cases.nwJon!.reference]);
    assert.deepEqual(await smith(who.hubLead), refs);
  });
  test('the clinician not allocated is still asked for a reason when opening one', async () => {
    const res = await search(who.clinician, cases.john!.reference);
    assert.match(res.body, new RegExp(`href="/cases/${cases.john!.caseId}"`));
    const open = await getPage(t, who.clinician, `/cases/${cases.john!.caseId}`);
    assert.equal(open.statusCode, 302);
    assert.match(String(open.headers.location), /\/reason$/);
  });
  test("the police lead finds their hub's requests, on the supervision page", async () => {
    const res = await search(who.policeLead, 'Zoe');
    assert.deepEqual(found(res.body), [cases.zoe!.reference]);
    assert.match(res.body, new RegExp(`href="/supervision/${cases.zoe!.caseId}"`));
  });
  test('the IG officer finds any case, to its access log, without the person', async () => {
    const res = await search(who.ig, 'Smith');
    const refs = found(res.body);
    assert.ok(refs.includes(cases.nwJon!.reference) && refs.includes(cases.john!.reference));
    assert.match(res.body, new RegExp(`href="/audit/records/case/${cases.john!.caseId}"`));
    assert.doesNotMatch(res.body, /John Smith|\/people\//);
    assert.match(res.body, /Not shown/);
  });
  test('the analyst and the admin have no search box and are refused', async () => {
    for (const viewer of [who.analyst, who.admin]) {
      const home = await getPage(t, viewer, '/home');
      assert.doesNotMatch(home.body, /action="\/search"/);
      assert.equal((await search(viewer, 'Smith')).statusCode, 403);
    }
    const home = await getPage(t, who.clinician, '/home');
    assert.match(home.body, /action="\/search"/);
  });
});

test('results are paginated by POST, the terms kept in the form, never in a link', async () => {
  for (let i = 0; i < SEARCH_PAGE_SIZE + 3; i += 1) {
    await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: who.officer.userId,
      givenName: 'Priya',
      familyName: 'Ravensworth',
    });
  }
  const first = await search(who.clinician, 'Priya Ravensworth');
  assert.equal(found(first.body).length, SEARCH_PAGE_SIZE);
  assert.match(first.body, /Page 1 of 2/);
  assert.match(first.body, /<input type="hidden" name="q" value="Priya Ravensworth">/);
  assert.doesNotMatch(first.body, /href="[^"]*(Priya|Ravensworth)/);
  const second = await search(who.clinician, 'Priya Ravensworth', 2);
  assert.equal(found(second.body).length, 3);
  // A page past the last (the results changed since) shows the last page.
  const past = await search(who.clinician, 'Priya Ravensworth', 7);
  assert.equal(found(past.body).length, 3);
  assert.match(past.body, /Page 2 of 2/);
});

test('each search is audited as a consultation with its count, a combination when it matches people, never the terms', async () => {
  t.clock.advance(60_000);
  const since = t.clock.now();
  await search(who.hubLead, 'Zoë Dubois');
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select(['action', 'subject_type', 'detail', 'actor_user_id'])
    .where('actor_user_id', '=', who.hubLead.userId)
    .where('subject_type', '=', 'search')
    .where('occurred_at', '>=', since)
    .orderBy('id')
    .execute();
  const consultation = rows.find((r) => r.action === 'consultation');
  const combination = rows.find((r) => r.action === 'combination');
  assert.ok(consultation && combination);
  const detail = consultation.detail;
  assert.equal(detail.kind, 'name');
  assert.equal(detail.count, 1);
  assert.deepEqual(detail.caseIds, [cases.zoe!.caseId]);
  assert.deepEqual(combination.detail.personIds, [cases.zoe!.personId]);
  const all = JSON.stringify(
    await sql`SELECT * FROM audit_events`.execute(t.database.db).then((r) => r.rows),
  );
  for (const term of ['Dubois', 'Smtih', 'Ravensworth', '4321', '9434765919']) {
    assert.ok(!all.includes(term), `${term} is not in the audit log`);
  }
});

test('no search term reaches a URL or a log line', () => {
  const log = JSON.stringify(t.logLines);
  assert.ok(t.logLines.length > 0, 'the app logged its requests');
  for (const term of ['Smtih', 'Dubois', 'Ravensworth', 'Xylophone', '476 5919', '1990']) {
    assert.ok(!log.includes(term), `${term} is not logged`);
  }
  assert.ok(
    t.logLines.some((l) => l.route === '/search' && l.method === 'POST'),
    'the search requests were logged',
  );
});
