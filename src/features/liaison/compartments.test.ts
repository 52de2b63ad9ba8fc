import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../domain/roles.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';

// Liaison and meeting content (health) that must reach no one but the hub's clinicians.
const CANARIES = [
  'CANARY-LIAISON-ORG',
  'CANARY-LIAISON-SUMMARY',
  'CANARY-MEETING-CONTRIBUTION',
  'CANARY-ATTENDEE',
  'CANARY-ACTION',
];
const STRATEGY = 'Short written questions, one at a time';

describe('liaison and meetings stay in the health compartment', () => {
  let t: TestApp;
  let caseId: string;
  let contactId: string;
  let meetingId: string;
  let attendeeId: string;
  let actionId: string;
  let officer: SignedIn;
  let clinician: SignedIn;
  const outsiders: { label: string; who: SignedIn }[] = [];

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    ({ caseId } = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId }));
    await allocate(t.database.db, { caseId, clinicianId: clinician.userId, byId: lead.userId });
    await recordConsentEntry(t.database.db, { caseId, byId: clinician.userId, status: 'given' });

    const post = async (url: string, fields: Record<string, string>) => {
      const response = await postForm(t, clinician, url, fields);
      assert.equal(response.statusCode, 303, `${url}: ${response.body.slice(0, 200)}`);
    };
    await post(`/cases/${caseId}/liaison`, {
      version: await caseVersion(t.database.db, caseId),
      'contactDate-day': '28',
      'contactDate-month': '5',
      'contactDate-year': '2026',
      agencyType: 'gp_primary_care',
      organisation: CANARIES[0]!,
      direction: 'outgoing',
      purpose: 'care_coordination',
      summary: CANARIES[1]!,
      onBehalf: 'yes',
      consentCovers: 'yes',
    });
    await post(`/cases/${caseId}/meetings`, {
      version: await caseVersion(t.database.db, caseId),
      meetingType: 'mappa',
      mappaCategory: '2',
      mappaLevel: '2',
      'heldOn-day': '29',
      'heldOn-month': '5',
      'heldOn-year': '2026',
      vssContribution: CANARIES[2]!,
    });
    const meeting = await t.database.db
      .selectFrom('meetings')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    meetingId = meeting.id;
    await post(`/cases/${caseId}/meetings/${meetingId}/attendees`, {
      version: '1',
      attendeeName: CANARIES[3]!,
      attendeeAgency: 'Probation Service',
    });
    await post(`/cases/${caseId}/meetings/${meetingId}/actions`, {
      version: '2',
      actionDescription: CANARIES[4]!,
      actionOwner: 'VSS nurse',
      'actionDue-day': '15',
      'actionDue-month': '6',
      'actionDue-year': '2026',
    });
    await post(`/cases/${caseId}/advice`, {
      version: await caseVersion(t.database.db, caseId),
      kind: 'communication_strategy',
      approach: STRATEGY,
      avoid: 'Phone calls without warning',
      involve: 'Their sister',
      'givenAt-day': '30',
      'givenAt-month': '5',
      'givenAt-year': '2026',
      confirm: 'yes',
    });
    contactId = (
      await t.database.db
        .selectFrom('liaison_contacts')
        .select('id')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).id;
    attendeeId = (
      await t.database.db
        .selectFrom('meeting_attendees')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .executeTakeFirstOrThrow()
    ).id;
    actionId = (
      await t.database.db
        .selectFrom('meeting_actions')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .executeTakeFirstOrThrow()
    ).id;

    const others: [string, Role[], string[]][] = [
      ['police lead', ['police_lead'], ['WM']],
      ['analyst', ['analyst'], ['WM']],
      ['IG officer', ['ig_officer'], ['WM']],
      ['admin', ['admin'], ['WM']],
      ['other hub clinician', ['clinician'], ['NW']],
      ['other hub lead', ['hub_lead'], ['NW']],
      ['another case officer', ['case_officer'], ['WM']],
    ];
    outsiders.push({ label: 'requesting case officer', who: officer });
    for (const [label, roles, hubCodes] of others) {
      outsiders.push({ label, who: await signIn(t, { roles, hubCodes }) });
    }
  });
  after(async () => {
    await t?.close();
  });

  const routes = () => {
    const c = `/cases/${caseId}`;
    const m = `${c}/meetings/${meetingId}`;
    return [
      ['GET', `${c}/liaison`],
      ['GET', `${c}/liaison/new`],
      ['POST', `${c}/liaison`],
      ['GET', `${c}/liaison/${contactId}/edit`],
      ['POST', `${c}/liaison/${contactId}`],
      ['GET', `${c}/meetings`],
      ['GET', `${c}/meetings/new`],
      ['POST', `${c}/meetings`],
      ['GET', m],
      ['GET', `${m}/edit`],
      ['POST', m],
      ['POST', `${m}/attendees`],
      ['POST', `${m}/attendees/${attendeeId}/remove`],
      ['POST', `${m}/actions`],
      ['POST', `${m}/actions/${actionId}/remove`],
      ['GET', `${m}/actions/${actionId}/plan`],
      ['POST', `${m}/actions/${actionId}/plan`],
    ] as const;
  };

  async function counts() {
    const n = async (
      table: 'liaison_contacts' | 'meetings' | 'meeting_attendees' | 'meeting_actions',
    ) =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return [
      await n('liaison_contacts'),
      await n('meetings'),
      await n('meeting_attendees'),
      await n('meeting_actions'),
      await caseVersion(t.database.db, caseId),
    ];
  }

  it('every liaison and meeting route answers 403 or 404 to everyone else, writing nothing', async () => {
    const before = await counts();
    for (const { label, who } of outsiders) {
      for (const [method, url] of routes()) {
        const response =
          method === 'GET'
            ? await getPage(t, who, url)
            : await postForm(t, who, url, {
                version: '1',
                attendeeName: 'X',
                attendeeAgency: 'Y',
                vssContribution: 'Z',
              });
        assert.ok(
          [403, 404].includes(response.statusCode),
          `${label} ${method} ${url}: ${response.statusCode}`,
        );
        for (const canary of CANARIES) assert.ok(!response.body.includes(canary), canary);
      }
    }
    assert.deepEqual(await counts(), before);
  });

  it('no page anyone else can reach shows liaison or meeting content', async () => {
    const pages = [
      '/home',
      '/requests',
      `/requests/${caseId}`,
      `/requests/${caseId}/feedback`,
      '/supervision',
      `/supervision/${caseId}`,
      '/cases',
      `/cases/${caseId}`,
      ...['liaison-and-meetings', 'plan', 'timeline'].map((s) => `/cases/${caseId}/section/${s}`),
      `/cases/${caseId}/advice`,
      '/audit',
      `/audit/records/case/${caseId}`,
    ];
    let reached = 0;
    for (const { label, who } of outsiders) {
      for (const url of pages) {
        const response = await getPage(t, who, url);
        if (response.statusCode === 200) reached += 1;
        for (const canary of CANARIES) {
          assert.ok(!response.body.includes(canary), `${label} ${url} shows ${canary}`);
        }
        assert.doesNotMatch(response.body, /Liaison: GP|Meeting recorded|MAPPA/, `${label} ${url}`);
      }
    }
    assert.ok(reached >= 8, `only ${reached} pages reached`);
  });

  it('the requesting officer sees the communication strategy, and nothing of liaison', async () => {
    const page = await getPage(t, officer, `/requests/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Communication strategy/);
    assert.ok(page.body.includes(STRATEGY));
    assert.match(page.body, /Phone calls without warning/);
    assert.match(page.body, /Their sister/);
    assert.doesNotMatch(page.body, /[Ll]iaison|[Mm]eeting/);

    const policeLead = outsiders.find((o) => o.label === 'police lead')!.who;
    const supervision = await getPage(t, policeLead, `/supervision/${caseId}`);
    assert.equal(supervision.statusCode, 200);
    assert.ok(supervision.body.includes(STRATEGY));
  });

  it('the hub’s clinicians see all of it, the strategy marked as one', async () => {
    const page = await getPage(t, clinician, `/cases/${caseId}/section/liaison-and-meetings`);
    for (const canary of [CANARIES[0]!, 'MAPPA meeting – 29 May 2026']) {
      assert.ok(page.body.includes(canary), canary);
    }
    const advice = await getPage(t, clinician, `/cases/${caseId}/advice`);
    assert.match(advice.body, /Communication strategy/);
    assert.match(advice.body, /What to avoid/);
  });
});
