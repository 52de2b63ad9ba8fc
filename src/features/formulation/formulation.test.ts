import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import type { CaseState } from '../../domain/case-state.ts';
import { latestSignedOffFormulation } from './reporting.ts';

const CANARY = 'CANARY-FORMULATION hears voices at night';
const TEMPLATE = 'vss-structured-formulation';

const FIVE_PS = {
  presenting: CANARY,
  predisposing: 'Childhood trauma; left school early',
  precipitating: 'Eviction in March',
  perpetuating: 'Isolation and online forums',
  protective: 'Sister visits weekly',
};

const SUMMARY = {
  primaryVulnerability: 'complex_needs',
  presentations: ['anxiety', 'other'],
  presentationOther: 'Hoarding',
  mainstreamRelation: 'known_not_engaged',
  additionalNeeds: ['housing', 'bereavement'],
  convictions: 'no',
  supervisionFailures: 'not_known',
};

/** Every factor of one domain rated: the first present with evidence, the rest absent. */
async function domainAnswers(t: TestApp, who: SignedIn, caseId: string, domain: string) {
  const page = await getPage(t, who, `/cases/${caseId}/formulation/domains/${domain}`);
  assert.equal(page.statusCode, 200, `${domain}: ${page.statusCode}`);
  const codes = [...page.body.matchAll(/name="presence-([a-z0-9_]+)"/g)].map((m) => m[1]!);
  const unique = [...new Set(codes)];
  assert.ok(unique.length > 0);
  const fields: Record<string, string> = { version: versionIn(page.body) };
  unique.forEach((code, i) => {
    fields[`presence-${code}`] = i === 0 ? 'present' : 'absent';
    fields[`relevance-${code}`] = i === 0 ? 'high' : 'low';
    if (i === 0) fields[`evidence-${code}`] = `Evidence for ${code}`;
  });
  return fields;
}

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

describe('structured formulations', () => {
  let t: TestApp;
  let officer: SignedIn;
  let clinician: SignedIn;
  let leadA: SignedIn;
  let leadB: SignedIn;
  let otherHubClinician: SignedIn;
  let unallocated: SignedIn;
  let senior: SignedIn;
  let otherHubSenior: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    leadA = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    leadB = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    otherHubClinician = await signIn(t, { roles: ['clinician', 'hub_lead'], hubCodes: ['NW'] });
    unallocated = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    senior = await signIn(t, { roles: ['clinician', 'senior_clinician'], hubCodes: ['WM'] });
    otherHubSenior = await signIn(t, {
      roles: ['clinician', 'senior_clinician'],
      hubCodes: ['NW'],
    });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;

  async function workableCase(
    options: { status?: CaseState; consent?: boolean; allocatedTo?: SignedIn } = {},
  ) {
    const { caseId, reference } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: options.status ?? 'open',
    });
    await db()
      .insertInto('allocations')
      .values({
        case_id: caseId,
        clinician_id: (options.allocatedTo ?? clinician).userId,
        role: 'lead',
        allocated_from: t.clock.now(),
        allocated_by: leadA.userId,
      })
      .execute();
    if (options.consent !== false) {
      await db()
        .insertInto('consents')
        .values({
          case_id: caseId,
          status: 'given',
          method: 'verbal',
          decided_at: t.clock.now(),
          recorded_by: clinician.userId,
          recorded_at: t.clock.now(),
        })
        .execute();
    }
    return { caseId, reference };
  }

  const currentVersion = async (caseId: string) =>
    String(
      (
        await db()
          .selectFrom('formulations')
          .select('version')
          .where('case_id', '=', caseId)
          .where('status', '<>', 'signed_off')
          .executeTakeFirstOrThrow()
      ).version,
    );

  /** Writes and submits a complete first version as the given user. */
  async function completeAndSubmit(who: SignedIn, caseId: string) {
    const base = `/cases/${caseId}/formulation`;
    assert.equal((await postForm(t, who, base, { templateId: TEMPLATE })).statusCode, 303);
    const overview = await getPage(t, who, base);
    const domains = [...overview.body.matchAll(/formulation\/domains\/([a-z_]+)"/g)].map(
      (m) => m[1]!,
    );
    assert.equal(new Set(domains).size, 7);
    for (const domain of new Set(domains)) {
      const fields = await domainAnswers(t, who, caseId, domain);
      const saved = await postForm(t, who, `${base}/domains/${domain}`, fields);
      assert.equal(saved.statusCode, 303, `${domain} saved`);
    }
    const v = () => currentVersion(caseId);
    assert.equal(
      (await postForm(t, who, `${base}/five-ps`, { version: await v(), ...FIVE_PS })).statusCode,
      303,
    );
    assert.equal(
      (
        await postForm(t, who, `${base}/scenarios`, {
          version: await v(),
          count: '1',
          'description-1': 'Withdraws and stops answering calls',
          'triggers-1': 'Loss of housing',
          'warningSigns-1': 'Missed appointments',
          action: 'save',
        })
      ).statusCode,
      303,
    );
    const summary = await t.app.inject({
      method: 'POST',
      url: `${base}/summary`,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', who.csrfToken],
        ['version', await v()],
        ...Object.entries(SUMMARY).flatMap(([k, val]) =>
          Array.isArray(val) ? val.map((x) => [k, x]) : [[k, val]],
        ),
      ] as [string, string][]).toString(),
    });
    assert.equal(summary.statusCode, 303, summary.body.slice(0, 500));
    const check = await getPage(t, who, `${base}/check`);
    assert.equal(check.statusCode, 200);
    assert.doesNotMatch(check.body, /Still to do/);
    const submitted = await postForm(t, who, `${base}/submit`, { version: await v() });
    assert.equal(submitted.statusCode, 303);
  }

  it('a clinician writes, checks and submits; the author cannot sign off; another hub lead does', async () => {
    const { caseId, reference } = await workableCase();
    const base = `/cases/${caseId}/formulation`;

    const start = await getPage(t, clinician, base);
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /VSS structured formulation/);
    assert.match(start.body, /5 Ps only/);
    const noChoice = await postForm(t, clinician, base, {});
    assert.equal(noChoice.statusCode, 400);
    assert.match(noChoice.body, /Select the template to use/);

    // A leadA-authored formulation on another case: leadA may not sign their own.
    const own = await workableCase();
    await completeAndSubmit(leadA, own.caseId);
    const ownPage = await getPage(t, leadA, `/formulations/${own.caseId}`);
    assert.match(ownPage.body, /another senior clinician or hub lead must sign it off/);
    const refused = await postForm(t, leadA, `/formulations/${own.caseId}/sign-off`, {
      version: await currentVersion(own.caseId),
    });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /You wrote this version of the formulation/);

    await completeAndSubmit(clinician, caseId);
    const row = await db()
      .selectFrom('formulations')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'submitted');
    assert.deepEqual(row.presentations, ['anxiety', 'other']);
    assert.equal(row.convictions, false);
    assert.equal(row.supervision_failures, null);

    // Submitted: the clinician can no longer change it.
    const late = await postForm(t, clinician, `${base}/five-ps`, {
      version: String(row.version),
      ...FIVE_PS,
      presenting: 'changed',
    });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /submitted for sign-off/);

    const queue = await getPage(t, leadB, '/formulations');
    assert.match(queue.body, new RegExp(reference));
    const review = await getPage(t, leadB, `/formulations/${caseId}`);
    assert.match(review.body, /CANARY-FORMULATION/);
    const stale = await postForm(t, leadB, `/formulations/${caseId}/sign-off`, { version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This case changed since you opened it/);
    const signed = await postForm(t, leadB, `/formulations/${caseId}/sign-off`, {
      version: String(row.version),
    });
    assert.equal(signed.statusCode, 303);

    // Frozen: the database refuses any change to a signed-off version.
    await assert.rejects(
      db().updateTable('formulations').set({ presenting: 'x' }).where('id', '=', row.id).execute(),
      /signed off and cannot change/,
    );
    await assert.rejects(
      db().deleteFrom('formulation_scenarios').where('formulation_id', '=', row.id).execute(),
      /signed off and cannot change/,
    );

    const reporting = await latestSignedOffFormulation(db(), caseId);
    assert.equal(reporting?.versionNumber, 1);
    assert.equal(reporting?.primaryVulnerability, 'complex_needs');
    assert.deepEqual(reporting?.additionalNeeds, ['housing', 'bereavement']);
    assert.equal(reporting?.convictions, false);
    assert.equal(reporting?.supervisionFailures, null);

    // The case's Assessment: status and a link, never the content; the timeline says what
    // happened.
    const casePage = await getPage(t, clinician, `/cases/${caseId}/section/assessment`);
    assert.match(casePage.body, /Signed off/);
    assert.doesNotMatch(casePage.body, /CANARY-FORMULATION/);
    const timeline = await getPage(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.match(timeline.body, /Formulation version 1 signed off/);
    assert.doesNotMatch(timeline.body, /CANARY-FORMULATION/);

    // Audit: reads and changes of the formulation are recorded.
    const audits = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', row.id)
      .execute();
    assert.ok(
      audits.some((a) => a.action === 'collection' && a.actor_user_id === clinician.userId),
    );
    assert.ok(audits.some((a) => a.action === 'alteration' && a.actor_user_id === leadB.userId));
    assert.ok(audits.some((a) => a.action === 'consultation' && a.actor_user_id === leadB.userId));
  });

  it('a senior clinician of the hub signs off and returns others’ formulations, never their own', async () => {
    // Written by the clinician: the senior clinician, not allocated, decides it from their list.
    const { caseId, reference } = await workableCase();
    await completeAndSubmit(clinician, caseId);
    const home = await getPage(t, senior, '/home');
    assert.match(home.body, /Formulations to sign off/);
    const queue = await getPage(t, senior, '/formulations');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, new RegExp(reference));
    const page = await getPage(t, senior, `/formulations/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /CANARY-FORMULATION/);
    assert.match(page.body, /Sign off the formulation/);
    // The sign-off page is theirs; the rest of the case's health record still needs a reason.
    const overview = await getPage(t, senior, `/cases/${caseId}/formulation`);
    assert.equal(overview.statusCode, 302);
    assert.match(String(overview.headers.location), /\/reason$/);

    // Returned with a reason, resubmitted by the clinician, then signed off by the senior.
    const noReason = await postForm(t, senior, `/formulations/${caseId}/return`, {
      version: await currentVersion(caseId),
      reason: ' ',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the formulation is returned to draft/);
    const returned = await postForm(t, senior, `/formulations/${caseId}/return`, {
      version: await currentVersion(caseId),
      reason: 'Say more about the eviction',
    });
    assert.equal(returned.statusCode, 303);
    const draft = await getPage(t, clinician, `/cases/${caseId}/formulation`);
    assert.match(draft.body, /Say more about the eviction/);
    assert.equal(
      (
        await postForm(t, clinician, `/cases/${caseId}/formulation/submit`, {
          version: await currentVersion(caseId),
        })
      ).statusCode,
      303,
    );
    const signed = await postForm(t, senior, `/formulations/${caseId}/sign-off`, {
      version: await currentVersion(caseId),
    });
    assert.equal(signed.statusCode, 303);
    const row = await db()
      .selectFrom('formulations')
      .select(['status', 'signed_off_by', 'returned_by'])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      status: 'signed_off',
      signed_off_by: senior.userId,
      returned_by: senior.userId,
    });
    const audits = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_role'])
      .where('actor_user_id', '=', senior.userId)
      .where('subject_type', '=', 'formulation')
      .execute();
    assert.ok(audits.some((a) => a.action === 'consultation'));
    // The audit names the role that granted the decision, not their clinician role.
    assert.deepEqual(
      audits.filter((a) => a.action === 'alteration').map((a) => a.actor_role),
      ['senior_clinician', 'senior_clinician'],
    );

    // Their own formulation: the page says who must sign it off, and the service refuses.
    const own = await workableCase({ allocatedTo: senior });
    await completeAndSubmit(senior, own.caseId);
    const ownPage = await getPage(t, senior, `/formulations/${own.caseId}`);
    assert.match(ownPage.body, /another senior clinician or hub lead must sign it off/);
    assert.doesNotMatch(ownPage.body, /Sign off the formulation/);
    const refused = await postForm(t, senior, `/formulations/${own.caseId}/sign-off`, {
      version: await currentVersion(own.caseId),
    });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /You wrote this version of the formulation/);
    const ownQueue = await getPage(t, senior, '/formulations');
    assert.match(ownQueue.body, /\(you\)/);
    assert.equal(
      (
        await postForm(t, leadA, `/formulations/${own.caseId}/sign-off`, {
          version: await currentVersion(own.caseId),
        })
      ).statusCode,
      303,
    );

    // A senior clinician of another hub: the case does not exist for them.
    const elsewhere = await workableCase();
    await completeAndSubmit(clinician, elsewhere.caseId);
    assert.doesNotMatch((await getPage(t, otherHubSenior, '/formulations')).body, /WM-2026/);
    assert.equal(
      (await getPage(t, otherHubSenior, `/formulations/${elsewhere.caseId}`)).statusCode,
      404,
    );
    const otherHubSign = await postForm(
      t,
      otherHubSenior,
      `/formulations/${elsewhere.caseId}/sign-off`,
      { version: await currentVersion(elsewhere.caseId) },
    );
    assert.equal(otherHubSign.statusCode, 404);
    // A clinician who is not senior may not decide at all.
    assert.equal(
      (await getPage(t, unallocated, `/formulations/${elsewhere.caseId}`)).statusCode,
      403,
    );
    assert.equal((await getPage(t, clinician, '/formulations')).statusCode, 403);
  });

  it('a review copies the signed-off version, shows what changed, needs the reason', async () => {
    const { caseId } = await workableCase();
    await completeAndSubmit(clinician, caseId);
    await postForm(t, leadB, `/formulations/${caseId}/sign-off`, {
      version: await currentVersion(caseId),
    });
    const base = `/cases/${caseId}/formulation`;
    const started = await postForm(t, clinician, `${base}/review`, { latestVersionNumber: '1' });
    assert.equal(started.statusCode, 303);
    const again = await postForm(t, clinician, `${base}/review`, { latestVersionNumber: '1' });
    assert.equal(again.statusCode, 409);

    // Change one factor and one summary field.
    const fields = await domainAnswers(t, clinician, caseId, 'substance_use');
    fields['presence-su_alcohol'] = 'partial';
    fields['evidence-su_alcohol'] = 'Drinks most evenings since the bereavement';
    assert.equal(
      (await postForm(t, clinician, `${base}/domains/substance_use`, fields)).statusCode,
      303,
    );
    const summary = new URLSearchParams([
      ['_csrf', clinician.csrfToken],
      ['version', await currentVersion(caseId)],
      ['primaryVulnerability', 'diagnosable_mental_illness'],
      ['presentations', 'anxiety'],
      ['mainstreamRelation', 'known_not_engaged'],
      ['convictions', 'no'],
      ['supervisionFailures', 'not_known'],
    ]);
    const saved = await t.app.inject({
      method: 'POST',
      url: `${base}/summary`,
      headers: { cookie: clinician.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: summary.toString(),
    });
    assert.equal(saved.statusCode, 303);

    const submitEarly = await postForm(t, clinician, `${base}/submit`, {
      version: await currentVersion(caseId),
    });
    assert.equal(submitEarly.statusCode, 400);
    assert.match(submitEarly.body, /What changed and why: Say what changed/);

    const reasonPage = await getPage(t, clinician, `${base}/review-reason`);
    assert.match(reasonPage.body, /Harmful alcohol use – presence/);
    assert.match(reasonPage.body, /Partially present/);
    assert.match(reasonPage.body, /Diagnosable mental illness/);
    assert.match(reasonPage.body, /Additional needs/);
    const empty = await postForm(t, clinician, `${base}/review-reason`, {
      version: await currentVersion(caseId),
      reviewReason: '  ',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter what changed since the last signed-off version/);
    await postForm(t, clinician, `${base}/review-reason`, {
      version: await currentVersion(caseId),
      reviewReason: 'Drinking more since her mother died; psychiatric diagnosis made.',
    });
    assert.equal(
      (await postForm(t, clinician, `${base}/submit`, { version: await currentVersion(caseId) }))
        .statusCode,
      303,
    );
    assert.equal(
      (
        await postForm(t, leadB, `/formulations/${caseId}/sign-off`, {
          version: await currentVersion(caseId),
        })
      ).statusCode,
      303,
    );
    const versions = await getPage(t, clinician, `${base}/versions`);
    assert.match(versions.body, /Version 2/);
    assert.match(versions.body, /Version 1/);
    const v2 = await getPage(t, clinician, `${base}/versions/2`);
    assert.match(v2.body, /Drinking more since her mother died/);
    assert.match(v2.body, /Harmful alcohol use – presence/);
    const reporting = await latestSignedOffFormulation(db(), caseId);
    assert.equal(reporting?.versionNumber, 2);
    assert.equal(reporting?.primaryVulnerability, 'diagnosable_mental_illness');
    assert.deepEqual(reporting?.additionalNeeds, []);
    const v1 = await db()
      .selectFrom('formulations')
      .select('primary_vulnerability')
      .where('case_id', '=', caseId)
      .where('version_number', '=', 1)
      .executeTakeFirstOrThrow();
    assert.equal(v1.primary_vulnerability, 'complex_needs');
  });

  it('keeps input on error; a stale save shows the conflict page; scenarios add and remove', async () => {
    const { caseId } = await workableCase();
    const base = `/cases/${caseId}/formulation`;
    await postForm(t, clinician, base, { templateId: 'five-ps-only' });
    const overview = await getPage(t, clinician, base);
    assert.doesNotMatch(overview.body, /formulation\/domains\//);
    const v = await currentVersion(caseId);
    const bad = await postForm(t, clinician, `${base}/summary`, {
      version: v,
      presentations: 'other',
      presentationOther: '',
      convictions: 'yes',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Error: Summary/);
    assert.match(bad.body, /Select the primary vulnerability/);
    assert.match(bad.body, /Enter the other presentation/);
    assert.match(bad.body, /value="yes" checked/);

    const first = await postForm(t, clinician, `${base}/scenarios`, {
      version: v,
      count: '1',
      'description-1': 'Scenario A',
      action: 'add',
    });
    assert.equal(first.statusCode, 303);
    const v2 = await currentVersion(caseId);
    await postForm(t, clinician, `${base}/scenarios`, {
      version: v2,
      count: '2',
      'description-1': 'Scenario A',
      'description-2': 'Scenario B',
      action: 'add',
    });
    const withTwo = await getPage(t, clinician, `${base}/scenarios`);
    assert.match(withTwo.body, /Scenario B/);
    assert.match(withTwo.body, /Remove scenario 2/);
    await postForm(t, clinician, `${base}/scenarios`, {
      version: await currentVersion(caseId),
      count: '3',
      'description-1': 'Scenario A',
      'description-2': 'Scenario B',
      action: 'remove-1',
    });
    const scenarios = await db()
      .selectFrom('formulation_scenarios')
      .innerJoin('formulations', 'formulations.id', 'formulation_scenarios.formulation_id')
      .select(['description', 'position'])
      .where('formulations.case_id', '=', caseId)
      .execute();
    assert.deepEqual(scenarios, [{ description: 'Scenario B', position: 1 }]);

    const missingDescription = await postForm(t, clinician, `${base}/scenarios`, {
      version: await currentVersion(caseId),
      count: '2',
      'description-1': 'Scenario B',
      'triggers-2': 'A trigger with no scenario',
      action: 'save',
    });
    assert.equal(missingDescription.statusCode, 400);
    assert.match(missingDescription.body, /Enter what could happen in scenario 2/);
    assert.match(missingDescription.body, /A trigger with no scenario/);

    const staleSave = await postForm(t, clinician, `${base}/five-ps`, {
      version: v,
      presenting: 'Typed on an old page',
    });
    assert.equal(staleSave.statusCode, 409);
    assert.match(staleSave.body, /This case changed since you opened it/);
    assert.match(staleSave.body, /Typed on an old page/);
  });

  it('a relevance without a presence is an error, and the page keeps what was typed', async () => {
    const { caseId } = await workableCase();
    const base = `/cases/${caseId}/formulation`;
    await postForm(t, clinician, base, { templateId: TEMPLATE });
    const bad = await postForm(t, clinician, `${base}/domains/mental_health`, {
      version: await currentVersion(caseId),
      'relevance-mh_insight': 'high',
      'evidence-mh_insight': 'Kept evidence text',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Select whether “Insight into their own mental health” is present/);
    assert.match(bad.body, /Kept evidence text/);
    assert.match(bad.body, /href="#presence-mh_insight"/);
  });

  it('explains when writing is not allowed: no consent, or the case is closed', async () => {
    const noConsent = await workableCase({ consent: false });
    const page = await getPage(t, clinician, `/cases/${noConsent.caseId}/formulation`);
    assert.match(page.body, /You cannot write this formulation now/);
    assert.doesNotMatch(page.body, /Start the formulation/);
    const refused = await postForm(t, clinician, `/cases/${noConsent.caseId}/formulation`, {
      templateId: TEMPLATE,
    });
    assert.equal(refused.statusCode, 409);
    const rows = await db()
      .selectFrom('formulations')
      .select('id')
      .where('case_id', '=', noConsent.caseId)
      .execute();
    assert.equal(rows.length, 0);

    const closed = await workableCase({ status: 'closed' });
    const closedPage = await getPage(t, clinician, `/cases/${closed.caseId}/formulation`);
    assert.match(closedPage.body, /This case is closed/);
  });

  it('compartments: other roles and other hubs see nothing of the formulation', async () => {
    const { caseId } = await workableCase();
    await completeAndSubmit(clinician, caseId);
    const others = await Promise.all(
      (['police_lead', 'analyst', 'ig_officer', 'admin'] as const).map((role) =>
        signIn(t, { roles: [role], hubCodes: ['WM'] }),
      ),
    );
    const urls = [
      `/cases/${caseId}/formulation`,
      `/cases/${caseId}/formulation/versions`,
      `/cases/${caseId}/formulation/versions/1`,
      `/cases/${caseId}/formulation/check`,
      `/formulations/${caseId}`,
      '/formulations',
    ];
    for (const who of [officer, ...others]) {
      for (const url of urls) {
        const res = await getPage(t, who, url);
        assert.ok([403, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
        assert.doesNotMatch(res.body, /CANARY-FORMULATION/);
      }
      const post = await postForm(t, who, `/formulations/${caseId}/sign-off`, { version: '1' });
      assert.ok([403, 404].includes(post.statusCode));
    }
    for (const url of urls.slice(0, 5)) {
      const res = await getPage(t, otherHubClinician, url);
      assert.equal(res.statusCode, 404, url);
    }
    const otherHubSign = await postForm(t, otherHubClinician, `/formulations/${caseId}/sign-off`, {
      version: await currentVersion(caseId),
    });
    assert.equal(otherHubSign.statusCode, 404);
    assert.doesNotMatch(
      (await getPage(t, otherHubClinician, '/formulations')).body,
      /CANARY|WM-2026/,
    );

    // The officer's view of their request: no formulation content, no formulation events.
    const request = await getPage(t, officer, `/requests/${caseId}`);
    assert.equal(request.statusCode, 200);
    assert.doesNotMatch(request.body, /CANARY-FORMULATION|[Ff]ormulation/);

    // A clinician of the hub who is not allocated is asked for a reason first, and cannot write.
    const unallocatedRead = await getPage(t, unallocated, `/cases/${caseId}/formulation`);
    assert.equal(unallocatedRead.statusCode, 302);
    assert.match(String(unallocatedRead.headers.location), /\/reason$/);
  });

  it('the database refuses a sign-off by the author', async () => {
    const { caseId } = await workableCase();
    await completeAndSubmit(clinician, caseId);
    await assert.rejects(
      db()
        .updateTable('formulations')
        .set({
          status: 'signed_off',
          signed_off_by: clinician.userId,
          signed_off_at: t.clock.now(),
        })
        .where('case_id', '=', caseId)
        .execute(),
    );
  });
});
