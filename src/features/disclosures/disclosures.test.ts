import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { confirmCode, freshCode, signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const RATIONALE = 'CANARY-TRIAGE: low mood, engages with GP';

/**
 * A case's decision in the register: its row (in the register page as `who` reads it) links to
 * the decision's page, read as { row key: its text } with tags and spacing removed, with `page`
 * the decision page's HTML.
 */
async function registerCard(
  t: TestApp,
  who: { cookie: string },
  registerUrl: string,
  reference: string,
): Promise<Record<string, string> & { page: string }> {
  const register = (await getPage(t, who, registerUrl)).body;
  const row = register.split('<tr class="govuk-table__row">').find((r) => r.includes(reference));
  assert.ok(row, `the register shows ${reference}`);
  const href = /href="(\/disclosures\/register\/[0-9a-f-]+)"/.exec(row)?.[1];
  assert.ok(href, `the register links to ${reference}'s decision`);
  const decision = await getPage(t, who, href);
  assert.equal(decision.statusCode, 200);
  const plain = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  return {
    ...Object.fromEntries(
      [
        ...decision.body.matchAll(
          /govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value[^"]*">([\s\S]*?)<\/dd>/g,
        ),
      ].map((m) => [plain(m[1]!), plain(m[2]!)]),
    ),
    page: decision.body,
  };
}

describe('disclosure decisions through the pages', () => {
  let t: TestApp;
  let officer: SignedIn;
  let otherOfficer: SignedIn;
  let policeLead: SignedIn;
  let clinician: SignedIn;
  let leadA: SignedIn;
  let leadB: SignedIn;
  let otherHubLead: SignedIn;
  let ig: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    otherOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    leadA = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    leadB = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    otherHubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
    ig = await signIn(t, { roles: ['ig_officer'] });
  });
  after(async () => {
    await t?.close();
  });
  const db = () => t.database.db;

  async function caseWithTriage() {
    const c = await insertCase(db(), { hubCode: 'WM', requestedBy: officer.userId });
    const triage = await db()
      .insertInto('triage_decisions')
      .values({
        case_id: c.caseId,
        decision: 'accept',
        rationale: RATIONALE,
        decided_by: leadA.userId,
        decided_at: new Date('2026-05-21T10:00:00Z'),
        seconds_to_triage: 60,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('allocations')
      .values({
        case_id: c.caseId,
        clinician_id: clinician.userId,
        role: 'lead',
        allocated_from: new Date('2026-05-22T10:00:00Z'),
        allocated_by: leadA.userId,
      })
      .execute();
    return { ...c, triageId: triage.id };
  }

  const answers = (item: string, overrides: Record<string, string | string[]> = {}) => ({
    items: item,
    summary: '',
    recipients: 'case_officer',
    purpose: 'To help the officer plan a safe first visit',
    legalBasis: 'consent',
    necessity: 'Only the triage rationale is needed',
    consent: 'given',
    consentNote: 'Asked at the first appointment; agreed',
    personTold: 'yes',
    ...overrides,
  });

  const disclosures = (caseId: string) =>
    db().selectFrom('disclosures').selectAll().where('case_id', '=', caseId).execute();

  it('with consent: released at once to the named officer only, with provenance', async () => {
    const c = await caseWithTriage();
    const form = await getPage(t, clinician, `/cases/${c.caseId}/disclosures/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /CANARY-TRIAGE/);
    const saved = await postForm(
      t,
      clinician,
      `/cases/${c.caseId}/disclosures`,
      answers(`triage_rationale:${c.triageId}`),
    );
    assert.equal(saved.statusCode, 303);
    const check = await getPage(t, clinician, saved.headers.location!);
    assert.match(check.body, /Check your answers before you submit/);
    assert.match(check.body, /Submit and release/);
    const [draft] = await disclosures(c.caseId);
    assert.equal(draft!.status, 'draft');

    // Not yet submitted: the officer sees nothing.
    assert.doesNotMatch((await getPage(t, officer, `/requests/${c.caseId}`)).body, /CANARY-TRIAGE/);

    const submitted = await postForm(t, clinician, `${saved.headers.location!}/submit`, {
      version: String(draft!.version),
    });
    assert.equal(submitted.statusCode, 303);
    assert.match(submitted.headers.location!, /done=released/);
    const page = await getPage(t, officer, `/requests/${c.caseId}`);
    assert.match(page.body, /Released to you/);
    assert.match(page.body, /CANARY-TRIAGE/);
    // Provenance by name, beside its key; never the record's internal id.
    assert.match(
      page.body,
      /Copied from\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Triage decision\s*</,
    );
    assert.ok(!page.body.includes(c.triageId), 'no internal id');
    assert.doesNotMatch((await getPage(t, otherOfficer, `/disclosures/received`)).body, /CANARY/);
    assert.match((await getPage(t, officer, `/disclosures/received`)).body, /CANARY-TRIAGE/);
    // The police lead was not named: their view shows nothing released.
    const supervised = await getPage(t, policeLead, `/supervision/${c.caseId}`);
    assert.doesNotMatch(supervised.body, /CANARY-TRIAGE/);

    const audit = await db()
      .selectFrom('audit_events')
      .select(['detail', 'actor_user_id'])
      .where('action', '=', 'disclosure')
      .where('subject_id', '=', draft!.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.detail.recipients, [officer.userId]);
    assert.equal(audit.actor_user_id, clinician.userId);

    // The register: the consent answer with how it was sought, and that the person was told.
    const withConsent = await registerCard(
      t,
      ig,
      '/disclosures/register?consent=with',
      c.reference,
    );
    assert.equal(
      withConsent.Consent,
      'Yes, consent was sought and given Asked at the first appointment; agreed',
    );
    assert.equal(withConsent['Person told'], 'Yes');
    assert.equal(withConsent.Status, 'Released');

    // Withdrawal: recipients see that it was withdrawn, not the text.
    const record = await getPage(t, clinician, saved.headers.location!);
    assert.match(record.body, /Withdraw disclosure/);
    const noReason = await postForm(t, clinician, `${saved.headers.location!}/withdraw`, {
      version: String(draft!.version + 1),
      reason: ' ',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the disclosure is withdrawn/);
    const withdrawn = await postForm(t, clinician, `${saved.headers.location!}/withdraw`, {
      version: String(draft!.version + 1),
      reason: 'Released to the wrong case officer',
    });
    assert.equal(withdrawn.statusCode, 303);
    const after = await getPage(t, officer, `/requests/${c.caseId}`);
    assert.doesNotMatch(after.body, /CANARY-TRIAGE/);
    assert.match(after.body, /was withdrawn on/);
    // Nor its label (a label can hold content: a plan action's starts with its description).
    assert.doesNotMatch(after.body, /Triage decision of/);
    assert.match(after.body, /Triage decision \(withdrawn\)/);
  });

  it('bad input: error summary, the answers kept, nothing written', async () => {
    const c = await caseWithTriage();
    const response = await postForm(t, clinician, `/cases/${c.caseId}/disclosures`, {
      items: '',
      summary: '',
      recipients: '',
      purpose: 'A purpose kept',
      legalBasis: 'consent',
      necessity: '',
      consent: 'not_sought',
      consentNote: '',
      personTold: 'no',
      personToldNote: '',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    for (const message of [
      'Choose what to release, or write a summary for this disclosure',
      'Choose who the information is released to',
      'Consent can be the legal basis only when the person gave it',
      'Enter why the disclosure is necessary and proportionate',
      'Enter how consent was sought, or why it was not sought',
      'Enter why the person was not told',
    ]) {
      assert.ok(response.body.includes(message), message);
    }
    assert.match(response.body, /A purpose kept/);
    const unknownItem = await postForm(
      t,
      clinician,
      `/cases/${c.caseId}/disclosures`,
      answers('triage_rationale:00000000-0000-4000-8000-000000000000'),
    );
    assert.equal(unknownItem.statusCode, 400);
    assert.match(unknownItem.body, /choose the items to release again/);
    assert.deepEqual(await disclosures(c.caseId), []);
    // Another hub's lead, and an unallocated clinician's stranger: not found.
    assert.equal(
      (await getPage(t, otherHubLead, `/cases/${c.caseId}/disclosures/new`)).statusCode,
      404,
    );
    assert.equal(
      (
        await postForm(
          t,
          otherHubLead,
          `/cases/${c.caseId}/disclosures`,
          answers(`triage_rationale:${c.triageId}`),
        )
      ).statusCode,
      404,
    );
  });

  it('without consent: step-up for the decider, never their own approval, step-up for the approver', async () => {
    const c = await caseWithTriage();
    const saved = await postForm(
      t,
      leadA,
      `/cases/${c.caseId}/disclosures`,
      answers(`triage_rationale:${c.triageId}`, {
        legalBasis: 'dpa_sch1_para18_safeguarding',
        consent: 'not_sought',
        consentNote: 'Asking would put a child at risk',
        personTold: 'no',
        personToldNote: 'Telling would increase the risk',
        recipients: ['case_officer', `lead:${policeLead.userId}`],
        summary: 'A short summary for the officer',
        purpose: '=HYPERLINK("http://evil.example")',
      }),
    );
    assert.equal(saved.statusCode, 303);
    const path = saved.headers.location!;
    // The action asks for a fresh code on a page that sends it with the action, which then
    // completes: nothing is submitted before, nothing has to be pressed again after.
    const needsCode = await postForm(t, leadA, `${path}/submit`, { version: '1' });
    assert.equal(needsCode.statusCode, 200);
    assert.match(needsCode.body, /Confirm it is you/);
    assert.match(needsCode.body, new RegExp(`action="${path}/submit"`));
    assert.match(needsCode.body, /name="version" value="1"/);
    assert.equal((await disclosures(c.caseId))[0]!.status, 'draft');
    const wrong = await postForm(t, leadA, `${path}/submit`, {
      version: '1',
      stepUpCode: '000000',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#code"/);
    assert.equal((await disclosures(c.caseId))[0]!.status, 'draft');
    const submitted = await postForm(t, leadA, `${path}/submit`, {
      version: '1',
      stepUpCode: freshCode(t, leadA),
    });
    assert.equal(submitted.statusCode, 303);
    assert.match(submitted.headers.location!, /done=awaiting/);
    const [waiting] = await disclosures(c.caseId);
    assert.equal(waiting!.status, 'awaiting_approval');
    assert.ok(waiting!.decider_step_up_at);
    assert.doesNotMatch((await getPage(t, officer, `/requests/${c.caseId}`)).body, /CANARY/);

    const queue = await getPage(t, leadA, '/disclosures/approvals');
    assert.match(queue.body, new RegExp(c.reference));
    const own = await getPage(t, leadA, `/disclosures/approvals/${waiting!.id}`);
    assert.match(own.body, /another hub lead must approve or refuse it/);
    assert.doesNotMatch(own.body, /Approve disclosure/);
    const ownPost = await postForm(t, leadA, `/disclosures/approvals/${waiting!.id}/approve`, {
      version: '2',
    });
    assert.equal(ownPost.statusCode, 409);
    assert.match(ownPost.body, /You made this disclosure decision/);
    assert.equal(
      (await getPage(t, otherHubLead, `/disclosures/approvals/${waiting!.id}`)).statusCode,
      404,
    );

    const review = await getPage(t, leadB, `/disclosures/approvals/${waiting!.id}`);
    assert.match(review.body, /CANARY-TRIAGE/);
    const code = await postForm(t, leadB, `/disclosures/approvals/${waiting!.id}/approve`, {
      version: '2',
    });
    assert.equal(code.statusCode, 200);
    assert.match(code.body, /name="stepUpCode"/);
    const approved = await postForm(t, leadB, `/disclosures/approvals/${waiting!.id}/approve`, {
      version: '2',
      stepUpCode: freshCode(t, leadB),
    });
    assert.equal(approved.statusCode, 303);
    const stale = await postForm(t, leadB, `/disclosures/approvals/${waiting!.id}/approve`, {
      version: '2',
    });
    assert.equal(stale.statusCode, 409);
    const officerPage = await getPage(t, officer, `/requests/${c.caseId}`);
    assert.match(officerPage.body, /CANARY-TRIAGE/);
    assert.match(officerPage.body, /approved by/);
    assert.match((await getPage(t, policeLead, `/supervision/${c.caseId}`)).body, /CANARY-TRIAGE/);
    const casePage = await getPage(t, leadB, `/cases/${c.caseId}/section/timeline`);
    assert.match(casePage.body, /Disclosure to police decided/);
    assert.match(casePage.body, /Disclosure approved/);
    const section = await getPage(t, leadB, `/cases/${c.caseId}/section/disclosures`);
    assert.match(section.body, /Released/);

    // The register: every field, hub lead's own hub, IG all hubs; CSV neutralises formulas.
    const card = await registerCard(t, leadB, '/disclosures/register?consent=without', c.reference);
    assert.match(card.page, /Telling would increase the risk/);
    assert.match(card.page, /DPA 2018 Schedule 1 paragraph 18/);
    assert.equal(card.Consent, 'No, consent was not sought Asking would put a child at risk');
    assert.equal(card['Person told'], 'No: Telling would increase the risk');
    assert.match(card['Released to']!, /Requesting case officer/);
    assert.match(card['Released to']!, /Police lead of the hub/);
    assert.match(card['Approved by']!, new RegExp(leadB.user.name));

    assert.doesNotMatch(
      (await getPage(t, otherHubLead, '/disclosures/register')).body,
      new RegExp(c.reference),
    );
    const csv = await downloadExport(t, ig, '/disclosures/register.csv?consent=without');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, new RegExp(c.reference));
    assert.match(csv.body, /Summary written for this disclosure/);
    assert.match(
      csv.body,
      /,"No, consent was not sought",Asking would put a child at risk,No,Telling would increase the risk,/,
    );
    assert.doesNotMatch(csv.body, /CANARY-TRIAGE/, 'the register lists items, not their text');
    assert.match(csv.body, /,"'=HYPERLINK\(""http:\/\/evil\.example""\)",/);
    const none = await downloadExport(
      t,
      ig,
      '/disclosures/register.csv?consent=with&direction=police_to_health',
    );
    assert.doesNotMatch(none.body, new RegExp(c.reference));
  });

  it('refused by the hub lead: a reason is required, nothing is released, the decider sees why', async () => {
    // Second factors confirmed by earlier tests have expired (STEP_UP_MINUTES).
    t.clock.advance(6 * 60_000);
    const c = await caseWithTriage();
    const saved = await postForm(
      t,
      leadA,
      `/cases/${c.caseId}/disclosures`,
      answers(`triage_rationale:${c.triageId}`, {
        legalBasis: 'dpa_sch1_para10_crime',
        consent: 'refused',
        consentNote: 'Asked on 1 June; the person said no',
        personTold: 'yes',
        recipients: ['case_officer', `lead:${policeLead.userId}`],
      }),
    );
    assert.equal(saved.statusCode, 303);
    const path = saved.headers.location!;
    await confirmCode(t, leadA);
    assert.match(
      (await postForm(t, leadA, `${path}/submit`, { version: '1' })).headers.location!,
      /done=awaiting/,
    );
    const [waiting] = await disclosures(c.caseId);
    const approval = `/disclosures/approvals/${waiting!.id}`;

    // No reason: the page again with the error summary; nothing changes.
    const empty = await postForm(t, leadB, `${approval}/refuse`, { version: '2', reason: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>Error: /);
    assert.match(empty.body, /There is a problem/);
    assert.match(empty.body, /href="#reason">Enter why you refuse the disclosure/);
    assert.match(empty.body, /Refuse disclosure/);
    assert.equal((await disclosures(c.caseId))[0]!.status, 'awaiting_approval');

    // A reason, then a fresh second factor, then refused.
    const reason = 'Not proportionate: the officer needs only the advice already given';
    const needsCode = await postForm(t, leadB, `${approval}/refuse`, { version: '2', reason });
    assert.equal(needsCode.statusCode, 200);
    assert.ok(needsCode.body.includes(`name="reason" value="${reason}"`), 'the reason is carried');
    assert.equal((await disclosures(c.caseId))[0]!.status, 'awaiting_approval');
    const refused = await postForm(t, leadB, `${approval}/refuse`, {
      version: '2',
      reason,
      stepUpCode: freshCode(t, leadB),
    });
    assert.equal(refused.statusCode, 303);
    assert.equal(refused.headers.location, '/disclosures/approvals?decided=refused');
    assert.match(
      (await getPage(t, leadB, refused.headers.location)).body,
      /Disclosure refused: nothing was released/,
    );
    const [row] = await disclosures(c.caseId);
    assert.equal(row!.status, 'refused');
    assert.equal(row!.refused_by, leadB.userId);
    assert.equal(row!.refusal_reason, reason);
    assert.ok(row!.refused_at);
    assert.doesNotMatch(
      (await getPage(t, leadB, '/disclosures/approvals')).body,
      new RegExp(c.reference),
    );
    const again = await postForm(t, leadB, `${approval}/approve`, { version: '3' });
    assert.equal(again.statusCode, 409);

    // Nothing released: no copy; neither named recipient sees the rationale or the case.
    const copies = await db()
      .selectFrom('released_items')
      .select('id')
      .where('disclosure_id', '=', row!.id)
      .execute();
    assert.deepEqual(copies, []);
    for (const [who, url] of [
      [officer, `/requests/${c.caseId}`],
      [policeLead, `/supervision/${c.caseId}`],
    ] as const) {
      const page = await getPage(t, who, url);
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /CANARY-TRIAGE/, url);
      assert.doesNotMatch(page.body, /Triage decision of/, url);
    }
    for (const who of [officer, policeLead]) {
      // Earlier tests released to them from other cases: this case is not among them.
      const received = await getPage(t, who, '/disclosures/received');
      assert.doesNotMatch(received.body, new RegExp(c.reference));
    }

    // The decider sees it was refused, by whom, and why; no withdraw button (nothing to withdraw).
    const record = await getPage(t, leadA, path);
    assert.match(record.body, /govuk-tag--red">\s*Refused/);
    assert.match(record.body, /Refused by/);
    assert.match(record.body, new RegExp(reason));
    assert.doesNotMatch(record.body, /Withdraw disclosure/);
    const casePage = await getPage(t, leadA, `/cases/${c.caseId}/section/timeline`);
    assert.match(casePage.body, /Disclosure refused/);

    // The register names the refuser and the reason.
    const inRegister = await registerCard(
      t,
      ig,
      '/disclosures/register?basis=dpa_sch1_para10_crime',
      c.reference,
    );
    assert.match(inRegister.page, new RegExp(`Refused by[\\s\\S]*${reason}`));

    // Audited: the refusal, with its reason, by the hub lead; no disclosure row.
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'reason', 'detail'])
      .where('subject_id', '=', row!.id)
      .where('action', 'in', ['alteration', 'disclosure'])
      .execute();
    const refusal = audit.find((a) => a.detail.decision === 'refuse');
    assert.equal(refusal?.actor_user_id, leadB.userId);
    assert.equal(refusal?.reason, reason);
    assert.ok(
      audit.every((a) => a.action !== 'disclosure'),
      'nothing was disclosed',
    );
  });

  it('police to health: the officer shares a police update with the clinical team', async () => {
    const c = await caseWithTriage();
    const update = await db()
      .insertInto('police_updates')
      .values({
        case_id: c.caseId,
        author_id: officer.userId,
        body: 'CANARY-POLICE: moved address',
        created_at: new Date('2026-05-23T10:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const form = await getPage(t, officer, `/requests/${c.caseId}/disclosures/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /CANARY-POLICE/);
    assert.doesNotMatch(form.body, /CANARY-TRIAGE/, 'no health item is offered to police');
    assert.equal(
      (await getPage(t, otherOfficer, `/requests/${c.caseId}/disclosures/new`)).statusCode,
      404,
    );
    const saved = await postForm(t, officer, `/requests/${c.caseId}/disclosures`, {
      items: `police_update:${update.id}`,
      purpose: 'So the clinician knows where to visit',
      legalBasis: 'dpa_part3_sch8',
      necessity: 'The address is needed for the visit',
      consent: 'not_sought',
      consentNote: 'Police information; consent not needed',
      personTold: 'yes',
    });
    assert.equal(saved.statusCode, 303);
    const submitted = await postForm(t, officer, `${saved.headers.location!}/submit`, {
      version: '1',
    });
    assert.equal(submitted.statusCode, 303, 'police to health needs no approval');
    const casePage = await getPage(t, clinician, `/cases/${c.caseId}/section/disclosures`);
    assert.match(casePage.body, /Shared with the clinical team by police/);
    assert.match(casePage.body, /CANARY-POLICE: moved address/);
    const shared = await registerCard(
      t,
      ig,
      '/disclosures/register?direction=police_to_health',
      c.reference,
    );
    assert.match(shared.page, /clinical team/);
  });
});
