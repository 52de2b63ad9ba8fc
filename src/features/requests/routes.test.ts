import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';

// Synthetic people only.
const PERSON = {
  givenName: 'Canaryson',
  familyName: 'Testwick',
  otherNames: '',
  'dateOfBirth-day': '3',
  'dateOfBirth-month': '2',
  'dateOfBirth-year': '1999',
  nhsNumber: '',
  gender: 'male',
  ethnicity: 'not_stated',
  postcodeDistrict: 'b15',
  firstLanguage: 'English',
  communicationNeeds: '',
};
const SECTIONS: [string, Record<string, string>][] = [
  ['about-the-person', PERSON],
  [
    'prevent-references',
    {
      pcmtReference: 'PCMT-0001',
      preventStage: 'channel',
      'gatewayDate-day': '1',
      'gatewayDate-month': '5',
      'gatewayDate-year': '2026',
      channelReference: 'CH-1',
    },
  ],
  ['referral', { referralSector: 'education', concernType: 'conflicted' }],
  [
    'concerns-and-support',
    {
      concernsSeen: 'Canary low mood',
      supportReason: 'Advice',
      gpPractice: '',
      mentalHealthTeam: '',
    },
  ],
  [
    'urgency-and-awareness',
    { personAware: 'yes', urgency: 'urgent', urgencyReason: 'Canary crisis' },
  ],
];

function form(officer: SignedIn, fields: Record<string, string>) {
  return {
    headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: officer.csrfToken, ...fields }).toString(),
  };
}

describe('the request journey over HTTP', () => {
  let t: TestApp;
  let officer: SignedIn;

  beforeEach(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  });
  afterEach(async () => {
    await t.close();
  });

  const get = (who: SignedIn, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  const post = (who: SignedIn, url: string, fields: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, ...form(who, fields) });

  async function newDraft(who: SignedIn): Promise<string> {
    const started = await post(who, '/requests/new');
    assert.equal(started.statusCode, 303);
    const location = String(started.headers.location);
    assert.match(location, /^\/requests\/drafts\/[0-9a-f-]{36}$/);
    return location;
  }

  async function completeRequest(who: SignedIn): Promise<{ draft: string; caseUrl: string }> {
    const draft = await newDraft(who);
    for (const [slug, fields] of SECTIONS) {
      const saved = await post(who, `${draft}/${slug}`, fields);
      assert.equal(saved.statusCode, 303, slug);
      if (String(saved.headers.location).endsWith('/possible-match')) {
        await post(who, `${draft}/possible-match`, { linkCaseId: 'none' });
      }
    }
    const check = await get(who, `${draft}/check-answers`);
    assert.equal(check.statusCode, 200);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(check.body)?.[1];
    assert.ok(key);
    const sent = await post(who, `${draft}/submit`, { idempotencyKey: key });
    assert.equal(sent.statusCode, 303);
    return { draft, caseUrl: String(sent.headers.location).replace(/\/sent$/, '') };
  }

  it('a case officer completes the task list, checks answers and sends the request once', async () => {
    const draft = await newDraft(officer);
    const list = await get(officer, draft);
    assert.equal(list.statusCode, 200);
    assert.equal(list.body.match(/Incomplete/g)?.length, 5);
    assert.doesNotMatch(list.body, /Check your answers<\/a>/);

    for (const [slug, fields] of SECTIONS) {
      const page = await get(officer, `${draft}/${slug}`);
      assert.equal(page.statusCode, 200, slug);
      assert.match(page.body, /name="_csrf"/);
      const saved = await post(officer, `${draft}/${slug}`, fields);
      assert.equal(saved.statusCode, 303, slug);
      assert.equal(saved.headers.location, draft);
    }
    const done = await get(officer, draft);
    assert.equal(done.body.match(/Completed/g)?.length, 5);

    const check = await get(officer, `${draft}/check-answers`);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Canaryson/);
    assert.match(check.body, /B15/, 'the postcode district is kept in capitals');
    assert.match(check.body, /href="[^"]+\/about-the-person"/, 'Change links go to the section');
    // Each Change link says what it changes, in words, to a screen reader.
    assert.match(
      check.body,
      /Change<span class="govuk-visually-hidden"> NHS number \(About the person\)<\/span>/,
    );
    assert.match(
      check.body,
      /Change<span class="govuk-visually-hidden"> date of birth \(About the person\)<\/span>/,
    );
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!;

    // A double click: both submits lead to the same confirmation.
    const first = await post(officer, `${draft}/submit`, { idempotencyKey: key });
    const second = await post(officer, `${draft}/submit`, { idempotencyKey: key });
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(first.headers.location, second.headers.location);
    const { n } = await t.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), 1);

    const confirmation = await get(officer, String(first.headers.location));
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Request sent/);
    assert.match(confirmation.body, /WM-2026-0001/);
    assert.match(confirmation.body, /What happens next/);

    const mine = await get(officer, '/requests');
    assert.match(mine.body, /WM-2026-0001/);
    assert.match(mine.body, /Awaiting triage/);
    assert.doesNotMatch(mine.body, /Requests you have not sent/, 'the draft is gone');

    const caseUrl = String(first.headers.location).replace(/\/sent$/, '');
    const request = await get(officer, caseUrl);
    assert.equal(request.statusCode, 200);
    assert.match(request.body, /Canary low mood/);
    assert.match(request.body, /From the hub/);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type'])
      .where('actor_user_id', '=', officer.userId)
      .where('action', 'in', ['collection', 'consultation'])
      .orderBy('occurred_at')
      .execute();
    assert.deepEqual(audit.map((a) => `${a.action} ${a.subject_type}`).sort(), [
      'collection person',
      'collection support_request',
      'consultation support_request',
    ]);
    // Nothing personal reaches the log: not the names, nor the date of birth in any form it is
    // written (a bare '1999' would also match request ids and timestamps by chance).
    assert.doesNotMatch(
      JSON.stringify(t.logLines),
      /Canary|Testwick|1999-0?2-0?3|0?3\/0?2\/1999|3 February 1999|"1999"/,
    );
  });

  it('a form with errors is a 400 with a GOV.UK error summary, the input kept and nothing saved', async () => {
    const draft = await newDraft(officer);
    const response = await post(officer, `${draft}/about-the-person`, {
      ...PERSON,
      givenName: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      nhsNumber: '123',
      postcodeDistrict: 'B15 2TT',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: About the person/);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#givenName">Enter their first name/);
    assert.match(response.body, /href="#dateOfBirth-day">Date of birth must be a real date/);
    assert.match(response.body, /href="#nhsNumber">/);
    assert.match(
      response.body,
      /href="#postcodeDistrict">Enter only the first part of the postcode/,
    );
    assert.match(response.body, /value="Testwick"/, 'input kept');
    const row = await t.database.db
      .selectFrom('request_drafts')
      .select('answers')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.answers, {});

    const urgent = await post(officer, `${draft}/urgency-and-awareness`, {
      personAware: 'yes',
      urgency: 'urgent',
      urgencyReason: '',
    });
    assert.equal(urgent.statusCode, 400);
    assert.match(urgent.body, /href="#urgencyReason">Enter why this request is urgent/);
  });

  it("another officer's draft and case are not found, and the case attempt is audited", async () => {
    const { draft, caseUrl } = await completeRequest(officer);
    const other = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const draft2 = await newDraft(officer);
    assert.equal((await get(other, draft2)).statusCode, 404);
    assert.equal((await get(other, `${draft2}/about-the-person`)).statusCode, 404);
    assert.equal((await post(other, `${draft2}/referral`, SECTIONS[2]![1])).statusCode, 404);
    assert.equal((await get(other, `${draft}/check-answers`)).statusCode, 404);
    assert.equal((await get(other, `${caseUrl}/sent`)).statusCode, 404);
    const denied = await get(other, caseUrl);
    assert.equal(denied.statusCode, 404);
    assert.doesNotMatch(denied.body, /Canary|WM-2026/);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('actor_user_id', '=', other.userId)
      .where('action', '=', 'denial')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject_id, caseUrl.split('/').at(-1));
    assert.equal((await get(other, '/requests/not-a-uuid')).statusCode, 404);
  });

  it('matching at intake: the officer sees their own earlier reference, another officer only that a match exists', async () => {
    const { caseUrl } = await completeRequest(officer);
    const earlierId = caseUrl.split('/').at(-1)!;

    const again = await newDraft(officer);
    const saved = await post(officer, `${again}/about-the-person`, {
      ...PERSON,
      givenName: 'Canarison',
    });
    assert.equal(saved.headers.location, `${again}/possible-match`);
    const page = await get(officer, `${again}/possible-match`);
    assert.match(page.body, /Yes, the person in WM-2026-0001/);
    const unchosen = await post(officer, `${again}/possible-match`, {});
    assert.equal(unchosen.statusCode, 400);
    assert.match(unchosen.body, /href="#linkCaseId"/);
    assert.equal(
      (await post(officer, `${again}/possible-match`, { linkCaseId: earlierId })).statusCode,
      303,
    );
    const check = await get(officer, `${again}/check-answers`);
    assert.equal(check.statusCode, 303, 'not complete yet: back to the task list');

    const other = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const theirs = await newDraft(other);
    await post(other, `${theirs}/about-the-person`, PERSON);
    const hidden = await get(other, `${theirs}/possible-match`);
    assert.match(hidden.body, /A possible match exists; the hub will check/);
    assert.doesNotMatch(hidden.body, /WM-2026|Canaryson (?!Testwick)/);
    assert.doesNotMatch(hidden.body, /name="linkCaseId" type="radio"/);
  });

  it('only case officers may request support; forms need the CSRF token', async () => {
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    assert.equal((await get(clinician, '/requests')).statusCode, 403);
    assert.equal((await get(clinician, '/guidance')).statusCode, 403);
    assert.equal((await post(clinician, '/requests/new')).statusCode, 403);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/requests/new',
      headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'x=1',
    });
    assert.equal(forged.statusCode, 403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/requests' });
    assert.equal(anonymous.statusCode, 302);
    const guidance = await get(officer, '/guidance');
    assert.equal(guidance.statusCode, 200);
    assert.match(guidance.body, /What the VSS will not do/);
  });

  it('an officer of several hubs chooses the hub; the hub question is not found for others', async () => {
    assert.equal((await get(officer, `${await newDraft(officer)}/hub`)).statusCode, 404);
    const both = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM', 'NW'] });
    const draft = await newDraft(both);
    const list = await get(both, draft);
    assert.equal(list.body.match(/Incomplete/g)?.length, 6);
    const hubPage = await get(both, `${draft}/hub`);
    assert.match(hubPage.body, /North West/);
    const bad = await post(both, `${draft}/hub`, { hubId: 'not-a-hub' });
    assert.equal(bad.statusCode, 400);
  });
});
