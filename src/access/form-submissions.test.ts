import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { signIn, type SignedIn } from '../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../test/support/journey.ts';

/**
 * Issue 18 item 13: a create form sent twice (a double click) makes one record, and both
 * answers land where the first did, with its banner: never the "changed since you opened it"
 * page. Each form is opened through its page, so the token is the one the page gave.
 */
describe('a create form sent twice lands where the first send did', () => {
  let t: TestApp;
  let officer: SignedIn;
  let lead: SignedIn;
  let clinician: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  });
  after(async () => {
    await t?.close();
  });

  /** A case allocated to the clinician, with consent: every form below can be used on it. */
  async function openCase() {
    const made = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId });
    await allocate(t.database.db, {
      caseId: made.caseId,
      clinicianId: clinician.userId,
      byId: lead.userId,
    });
    await recordConsentEntry(t.database.db, {
      caseId: made.caseId,
      byId: clinician.userId,
      status: 'given',
    });
    return made.caseId;
  }

  /** The hidden fields of the form a page shows (its version and token). */
  async function openForm(who: SignedIn, url: string) {
    const page = await getPage(t, who, url);
    assert.equal(page.statusCode, 200, url);
    const hidden = (name: string) =>
      new RegExp(`<input type="hidden" name="${name}" value="([^"]+)">`).exec(page.body)?.[1];
    const formToken = hidden('formToken');
    assert.ok(formToken, `the form at ${url} carries a token`);
    return { version: hidden('version') ?? '', formToken };
  }

  const count = async (
    table: 'police_updates' | 'advice' | 'liaison_contacts' | 'meetings',
    caseId: string,
  ) =>
    (await t.database.db.selectFrom(table).select('id').where('case_id', '=', caseId).execute())
      .length;

  interface CreateForm {
    name: string;
    who: () => SignedIn;
    formUrl: (caseId: string) => string;
    postUrl: (caseId: string) => string;
    fields: Record<string, string>;
    table: 'police_updates' | 'advice' | 'liaison_contacts' | 'meetings';
    landing: RegExp;
    banner: RegExp;
  }

  const forms: CreateForm[] = [
    {
      name: 'police update',
      who: () => officer,
      formUrl: (id) => `/requests/${id}/updates/new`,
      postUrl: (id) => `/requests/${id}/updates`,
      fields: { body: 'He has moved to his aunt’s address.' },
      table: 'police_updates',
      landing: /^\/requests\/[0-9a-f-]+\?done=police-update$/,
      banner: /Update added/,
    },
    {
      name: 'liaison contact',
      who: () => clinician,
      formUrl: (id) => `/cases/${id}/liaison/new`,
      postUrl: (id) => `/cases/${id}/liaison`,
      fields: {
        'contactDate-day': '28',
        'contactDate-month': '5',
        'contactDate-year': '2026',
        agencyType: 'gp_primary_care',
        organisation: 'Ladywood Health Centre',
        direction: 'outgoing',
        purpose: 'care_coordination',
        summary: 'Asked the GP to review medication.',
        onBehalf: 'yes',
        consentCovers: 'yes',
      },
      table: 'liaison_contacts',
      landing: /^\/cases\/[0-9a-f-]+\/liaison\?done=recorded$/,
      banner: /Contact recorded/,
    },
    {
      name: 'meeting',
      who: () => clinician,
      formUrl: (id) => `/cases/${id}/meetings/new`,
      postUrl: (id) => `/cases/${id}/meetings`,
      fields: {
        meetingType: 'mappa',
        mappaCategory: '2',
        mappaLevel: '2',
        'heldOn-day': '29',
        'heldOn-month': '5',
        'heldOn-year': '2026',
        vssContribution: 'Clinical view on engagement.',
      },
      table: 'meetings',
      landing: /^\/cases\/[0-9a-f-]+\/meetings\/[0-9a-f-]+\?done=recorded$/,
      banner: /Meeting recorded/,
    },
    {
      name: 'advice',
      who: () => lead,
      formUrl: (id) => `/cases/${id}/advice/new`,
      postUrl: (id) => `/cases/${id}/advice`,
      fields: {
        title: 'Communicating with the person',
        body: 'Use short written questions and give time to answer.',
        'givenAt-day': '1',
        'givenAt-month': '6',
        'givenAt-year': '2026',
        confirm: 'yes',
      },
      table: 'advice',
      landing: /^\/cases\/[0-9a-f-]+\/advice\?done=advice-given$/,
      banner: /Advice given/,
    },
  ];

  for (const form of forms) {
    it(`${form.name}: two sends of one form, one after the other → one record, same answer`, async () => {
      const caseId = await openCase();
      const opened = await openForm(form.who(), form.formUrl(caseId));
      const sent = { ...form.fields, ...opened };
      const first = await postForm(t, form.who(), form.postUrl(caseId), sent);
      const second = await postForm(t, form.who(), form.postUrl(caseId), sent);
      assert.equal(first.statusCode, 303);
      assert.equal(second.statusCode, 303, 'not the "changed since you opened it" page');
      assert.match(String(first.headers.location), form.landing);
      assert.equal(second.headers.location, first.headers.location);
      assert.equal(await count(form.table, caseId), 1);
      assert.equal(await caseVersion(t.database.db, caseId), String(Number(opened.version) + 1));
      const landed = await getPage(t, form.who(), String(second.headers.location));
      assert.equal(landed.statusCode, 200);
      assert.match(landed.body, form.banner);
    });

    it(`${form.name}: two sends at once → one record, both land on the first's page`, async () => {
      const caseId = await openCase();
      const sent = { ...form.fields, ...(await openForm(form.who(), form.formUrl(caseId))) };
      const answers = await Promise.all([
        postForm(t, form.who(), form.postUrl(caseId), sent),
        postForm(t, form.who(), form.postUrl(caseId), sent),
      ]);
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [303, 303],
      );
      assert.equal(answers[0].headers.location, answers[1].headers.location);
      assert.equal(await count(form.table, caseId), 1);
    });
  }

  it('another form opened on the old version is still told the case changed (409)', async () => {
    const caseId = await openCase();
    const url = `/cases/${caseId}/advice/new`;
    const [one, two] = [await openForm(lead, url), await openForm(lead, url)];
    assert.notEqual(one.formToken, two.formToken, 'each rendered form has its own token');
    const fields = forms.find((f) => f.name === 'advice')!.fields;
    assert.equal(
      (await postForm(t, lead, `/cases/${caseId}/advice`, { ...fields, ...one })).statusCode,
      303,
    );
    const other = await postForm(t, lead, `/cases/${caseId}/advice`, { ...fields, ...two });
    assert.equal(other.statusCode, 409);
    assert.equal(await count('advice', caseId), 1);
  });

  it("a token sent by another user replays nothing: one hub lead's token, sent by a colleague, is refused (409)", async () => {
    const caseId = await openCase();
    const url = `/cases/${caseId}/advice/new`;
    const opened = await openForm(lead, url);
    const fields = forms.find((f) => f.name === 'advice')!.fields;
    assert.equal(
      (await postForm(t, lead, `/cases/${caseId}/advice`, { ...fields, ...opened })).statusCode,
      303,
    );
    const colleague = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const replayed = await postForm(t, colleague, `/cases/${caseId}/advice`, {
      ...fields,
      ...opened,
    });
    assert.equal(replayed.statusCode, 409);
    assert.equal(await count('advice', caseId), 1);
  });

  it('a form shown again with errors keeps its token', async () => {
    const caseId = await openCase();
    const opened = await openForm(officer, `/requests/${caseId}/updates/new`);
    const bad = await postForm(t, officer, `/requests/${caseId}/updates`, { ...opened, body: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, new RegExp(`name="formToken" value="${opened.formToken}"`));
  });
});
