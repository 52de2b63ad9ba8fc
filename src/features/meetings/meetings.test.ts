import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const mappaMeeting = (version: string, change: Record<string, string> = {}) => ({
  version,
  meetingType: 'mappa',
  mappaCategory: '2',
  mappaLevel: '2',
  'heldOn-day': '29',
  'heldOn-month': '5',
  'heldOn-year': '2026',
  vssContribution: 'CANARY-MEETING clinical view on engagement.',
  ...change,
});

describe('multi-agency meetings', () => {
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
    return made;
  }

  const meetingsOf = (caseId: string) =>
    t.database.db.selectFrom('meetings').selectAll().where('case_id', '=', caseId).execute();

  async function recordOne(caseId: string) {
    const response = await postForm(t, clinician, `/cases/${caseId}/meetings`, mappaMeeting('1'));
    assert.equal(response.statusCode, 303);
    const [meeting] = await meetingsOf(caseId);
    assert.equal(
      response.headers.location,
      `/cases/${caseId}/meetings/${meeting!.id}?done=recorded`,
    );
    return meeting!;
  }

  it('records a MAPPA meeting with category and level; audited; on the case page', async () => {
    const { caseId } = await openCase();
    const form = await getPage(t, clinician, `/cases/${caseId}/meetings/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Category 4: terrorist and terrorism-risk offenders/);
    const meeting = await recordOne(caseId);
    assert.equal(meeting.meeting_type, 'mappa');
    assert.equal(meeting.mappa_category, 2);
    assert.equal(meeting.mappa_level, 2);
    assert.equal(meeting.held_on, '2026-05-29');
    assert.equal(await caseVersion(t.database.db, caseId), '2');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_id', '=', meeting.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['collection'],
    );
    const page = await getPage(t, clinician, `/cases/${caseId}/meetings/${meeting.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Category 2: violent offenders/);
    assert.match(page.body, /Level 2: active multi-agency management/);
    assert.match(page.body, /CANARY-MEETING/);
    const casePage = await getPage(t, clinician, `/cases/${caseId}/section/liaison-and-meetings`);
    assert.match(casePage.body, /MAPPA meeting – 29 May 2026/);
    const timeline = await getPage(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.match(timeline.body, /Meeting recorded: MAPPA meeting/);
  });

  it('MAPPA needs category and level; other meetings must not carry them', async () => {
    const { caseId } = await openCase();
    const missing = await postForm(
      t,
      clinician,
      `/cases/${caseId}/meetings`,
      mappaMeeting('1', { mappaCategory: '', mappaLevel: '5' }),
    );
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#mappaCategory"/);
    assert.match(missing.body, /href="#mappaLevel"/);
    assert.deepEqual(await meetingsOf(caseId), []);

    const channel = await postForm(
      t,
      clinician,
      `/cases/${caseId}/meetings`,
      mappaMeeting('1', { meetingType: 'channel_panel' }),
    );
    assert.equal(channel.statusCode, 303);
    const [row] = await meetingsOf(caseId);
    assert.equal(row!.mappa_category, null);
    assert.equal(row!.mappa_level, null);

    const bad = await postForm(t, clinician, `/cases/${caseId}/meetings`, {
      version: '2',
      meetingType: 'case_conference',
      'heldOn-day': '1',
      'heldOn-month': '1',
      'heldOn-year': '2030',
      vssContribution: '',
    });
    assert.equal(bad.statusCode, 400);
    for (const field of ['meetingType', 'heldOn-day', 'vssContribution']) {
      assert.match(bad.body, new RegExp(`href="#${field}"`), field);
    }
    assert.equal((await meetingsOf(caseId)).length, 1);
  });

  it('a meeting held on 1 January 1800 is refused: 400, the error summary, nothing written', async () => {
    const { caseId } = await openCase();
    const old = { 'heldOn-day': '1', 'heldOn-month': '1', 'heldOn-year': '1800' };
    const response = await postForm(
      t,
      clinician,
      `/cases/${caseId}/meetings`,
      mappaMeeting('1', old),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /href="#heldOn-day"/);
    assert.match(response.body, /1900/);
    assert.deepEqual(await meetingsOf(caseId), []);

    // Changing a meeting's date to it: refused the same way, the meeting unchanged.
    const meeting = await recordOne(caseId);
    const changed = await postForm(
      t,
      clinician,
      `/cases/${caseId}/meetings/${meeting.id}`,
      mappaMeeting('1', old),
    );
    assert.equal(changed.statusCode, 400);
    assert.match(changed.body, /href="#heldOn-day"/);
    assert.equal((await meetingsOf(caseId))[0]!.version, 1);
  });

  it('attendees and agreed actions are added and removed against the meeting version', async () => {
    const { caseId } = await openCase();
    const meeting = await recordOne(caseId);
    const base = `/cases/${caseId}/meetings/${meeting.id}`;
    const add = (name: string, agency: string, version: string) =>
      postForm(t, clinician, `${base}/attendees`, {
        version,
        attendeeName: name,
        attendeeAgency: agency,
      });
    assert.equal((await add('Pat Example', 'Probation Service', '1')).statusCode, 303);
    assert.equal((await add('Sam Sample', 'Birmingham City Council', '2')).statusCode, 303);
    // The same form again: the meeting moved on, nothing added.
    const stale = await add('Sam Sample', 'Birmingham City Council', '2');
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Pat Example \(Probation Service\)/);
    const attendees = await t.database.db
      .selectFrom('meeting_attendees')
      .selectAll()
      .where('meeting_id', '=', meeting.id)
      .orderBy('added_at')
      .execute();
    assert.equal(attendees.length, 2);

    const empty = await add('', '', '3');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#attendeeName"/);
    assert.match(empty.body, /href="#attendeeAgency"/);

    const removed = await postForm(t, clinician, `${base}/attendees/${attendees[0]!.id}/remove`, {
      version: '3',
    });
    assert.equal(removed.statusCode, 303);
    const left = await t.database.db
      .selectFrom('meeting_attendees')
      .select('name')
      .where('meeting_id', '=', meeting.id)
      .execute();
    assert.deepEqual(
      left.map((a) => a.name),
      ['Sam Sample'],
    );

    const action = await postForm(t, clinician, `${base}/actions`, {
      version: '4',
      actionDescription: 'Refer to the community mental health team',
      actionOwner: 'VSS nurse',
      'actionDue-day': '15',
      'actionDue-month': '6',
      'actionDue-year': '2026',
    });
    assert.equal(action.statusCode, 303);
    const [agreed] = await t.database.db
      .selectFrom('meeting_actions')
      .selectAll()
      .where('meeting_id', '=', meeting.id)
      .execute();
    assert.equal(agreed!.due_on, '2026-06-15');
    assert.equal(agreed!.plan_action_id, null);
    const badAction = await postForm(t, clinician, `${base}/actions`, {
      version: '5',
      actionDescription: '',
      actionOwner: '',
      'actionDue-day': '40',
      'actionDue-month': '6',
      'actionDue-year': '2026',
    });
    assert.equal(badAction.statusCode, 400);
    for (const field of ['actionDescription', 'actionOwner', 'actionDue-day']) {
      assert.match(badAction.body, new RegExp(`href="#${field}"`), field);
    }

    const page = await getPage(t, clinician, base);
    assert.match(page.body, /Refer to the community mental health team/);
    assert.match(page.body, /15 June 2026/);
    assert.match(page.body, /Remove<span class="govuk-visually-hidden"> Sam Sample/);

    // An action that is in the plan cannot be removed from the meeting.
    await t.database.db
      .updateTable('meeting_actions')
      .set({ plan_action_id: '00000000-0000-4000-8000-000000000001' })
      .where('id', '=', agreed!.id)
      .execute();
    const inPlan = await postForm(t, clinician, `${base}/actions/${agreed!.id}/remove`, {
      version: '5',
    });
    assert.equal(inPlan.statusCode, 409);
    assert.match(inPlan.body, /in the intervention plan/);
    await t.database.db
      .updateTable('meeting_actions')
      .set({ plan_action_id: null })
      .where('id', '=', agreed!.id)
      .execute();
    const removeAction = await postForm(t, clinician, `${base}/actions/${agreed!.id}/remove`, {
      version: '5',
    });
    assert.equal(removeAction.statusCode, 303);

    const changes = await t.database.db
      .selectFrom('audit_events')
      .select(['subject_type', 'detail'])
      .where('action', '=', 'alteration')
      .where('person_id', 'is not', null)
      .execute();
    const mine = changes.filter((c) => JSON.stringify(c.detail).includes(meeting.id));
    // Two attendees added, one removed, one action added and removed; refusals wrote nothing.
    assert.equal(mine.length, 5);
  });

  it('an agreed action becomes a plan action, once', async () => {
    const { caseId } = await openCase();
    const meeting = await recordOne(caseId);
    const base = `/cases/${caseId}/meetings/${meeting.id}`;
    assert.equal(
      (
        await postForm(t, clinician, `${base}/actions`, {
          version: '1',
          actionDescription: 'Register with a GP',
          actionOwner: 'VSS nurse',
          'actionDue-day': '15',
          'actionDue-month': '6',
          'actionDue-year': '2026',
        })
      ).statusCode,
      303,
    );
    const [agreed] = await t.database.db
      .selectFrom('meeting_actions')
      .selectAll()
      .where('meeting_id', '=', meeting.id)
      .execute();
    const planUrl = `${base}/actions/${agreed!.id}/plan`;
    const page = await getPage(t, clinician, base);
    assert.match(page.body, new RegExp(`href="${planUrl}"`));

    // No plan yet: the page says so; a post is refused with the plan's reason.
    const noPlan = await getPage(t, clinician, planUrl);
    assert.equal(noPlan.statusCode, 200);
    assert.match(noPlan.body, /no intervention plan yet/);
    const fields = {
      version: '2',
      need: 'new',
      needCategory: 'access_to_services',
      needDescription: 'Not registered with a GP',
      serviceType: 'mental_health',
      agency: 'Ladywood Health Centre',
    };
    const refused = await postForm(t, clinician, planUrl, fields);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Start the plan first/);

    const started = await postForm(t, clinician, `/cases/${caseId}/plan`, {
      version: await caseVersion(t.database.db, caseId),
      'reviewDate-day': '1',
      'reviewDate-month': '9',
      'reviewDate-year': '2026',
    });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    const bad = await postForm(t, clinician, planUrl, {
      ...fields,
      needDescription: '',
      agency: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#needDescription"/);
    assert.match(bad.body, /href="#agency"/);

    const added = await postForm(t, clinician, planUrl, fields);
    assert.equal(added.statusCode, 303, added.body.slice(0, 300));
    const [after1] = await t.database.db
      .selectFrom('meeting_actions')
      .selectAll()
      .where('id', '=', agreed!.id)
      .execute();
    assert.ok(after1!.plan_action_id);
    const planAction = await t.database.db
      .selectFrom('plan_actions')
      .selectAll()
      .where('id', '=', after1!.plan_action_id)
      .executeTakeFirstOrThrow();
    assert.equal(planAction.description, 'Register with a GP');
    assert.equal(planAction.owner, 'VSS nurse');

    const shown = await getPage(t, clinician, base);
    assert.match(shown.body, /In the plan/);
    assert.doesNotMatch(shown.body, new RegExp(`href="${planUrl}"`));
    const again = await postForm(t, clinician, planUrl, { ...fields, version: '3' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already in the intervention plan/);
    assert.equal(
      (
        await t.database.db
          .selectFrom('plan_actions')
          .select('id')
          .where('description', '=', 'Register with a GP')
          .execute()
      ).length,
      1,
    );
  });

  it('the details are changed against the meeting version; stale: the conflict page', async () => {
    const { caseId } = await openCase();
    const meeting = await recordOne(caseId);
    const base = `/cases/${caseId}/meetings/${meeting.id}`;
    const edit = await getPage(t, lead, `${base}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="version" value="1"/);
    const changed = await postForm(
      t,
      lead,
      base,
      mappaMeeting('1', { mappaLevel: '3', vssContribution: 'Changed by the lead' }),
    );
    assert.equal(changed.statusCode, 303);
    const stale = await postForm(
      t,
      clinician,
      base,
      mappaMeeting('1', { vssContribution: 'Lost update' }),
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Changed by the lead/);
    assert.match(stale.body, /Lost update/);
    const [row] = await meetingsOf(caseId);
    assert.equal(row!.mappa_level, 3);
    assert.equal(row!.version, 2);

    // Another case's meeting id: not found.
    const other = await openCase();
    assert.equal(
      (await getPage(t, clinician, `/cases/${other.caseId}/meetings/${meeting.id}`)).statusCode,
      404,
    );
  });

  it('the database holds MAPPA category and level to MAPPA meetings', async () => {
    const { caseId } = await openCase();
    await assert.rejects(
      t.database.db
        .insertInto('meetings')
        .values({
          case_id: caseId,
          meeting_type: 'professionals',
          held_on: '2026-05-01',
          mappa_category: 4,
          mappa_level: 1,
          vss_contribution: 'x',
          recorded_by: clinician.userId,
          recorded_at: new Date(),
        })
        .execute(),
    );
  });
});
