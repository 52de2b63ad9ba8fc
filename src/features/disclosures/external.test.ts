import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { freshCode, signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { pdfText } from '../../../test/support/pdf.ts';

const RATIONALE = 'CANARY-EXT-TRIAGE engages with the GP';
const SUMMARY = 'CANARY-EXT-SUMMARY seen weekly by the VSS';

/**
 * Disclosures to a service outside Cicero (issue 13): the recipient's fields and their errors,
 * the letter made on release from the frozen copies, its downloads, and the register.
 */
describe('disclosures to a service outside Cicero', () => {
  let t: TestApp;
  let officer: SignedIn;
  let policeLead: SignedIn;
  let clinician: SignedIn;
  let leadA: SignedIn;
  let leadB: SignedIn;
  let otherHubLead: SignedIn;
  let ig: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
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

  const answers = (overrides: Record<string, string | string[]> = {}) => ({
    items: '',
    summary: '',
    organisation: 'Riverside Surgery',
    team: 'CANARY-EXT-TEAM Primary care',
    person: 'Dr Ada Example',
    method: 'secure_email',
    address: 'riverside.surgery@nhs.example',
    purpose: 'CANARY-EXT-PURPOSE so the GP can review medication',
    legalBasis: 'caldicott_direct_care',
    necessity: 'CANARY-EXT-NECESSITY the GP needs the triage outcome',
    consent: 'given',
    consentNote: 'CANARY-EXT-CONSENT agreed at the appointment',
    personTold: 'yes',
    ...overrides,
  });

  const decisions = (caseId: string) =>
    db().selectFrom('disclosures').selectAll().where('case_id', '=', caseId).execute();
  const recipientRows = (caseId: string) =>
    db()
      .selectFrom('disclosure_external_recipients as r')
      .innerJoin('disclosures as d', 'd.id', 'r.disclosure_id')
      .selectAll('r')
      .where('d.case_id', '=', caseId)
      .execute();

  async function downloadLetter(who: SignedIn, url: string, reference: string) {
    const res = await getPage(t, who, url);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="disclosure-letter-${reference}.pdf"`,
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    return pdfText(res.rawPayload);
  }

  it('a missing recipient, method or address is a GOV.UK error and writes nothing', async () => {
    const c = await caseWithTriage();
    const form = await getPage(t, clinician, `/cases/${c.caseId}/external-disclosures/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Share information with a service outside Cicero/);
    assert.match(form.body, /Duty to share for the person&#39;s individual care/);
    // Police bases are not offered here.
    assert.doesNotMatch(form.body, /dpa_sch1_para10_crime/);

    const bad = await postForm(
      t,
      clinician,
      `/cases/${c.caseId}/external-disclosures`,
      answers({
        items: `triage_rationale:${c.triageId}`,
        organisation: ' ',
        team: '',
        person: '',
        method: 'fax',
        address: '',
      }),
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    const summary = bad.body.slice(bad.body.indexOf('govuk-error-summary'));
    const order = ['href="#organisation"', 'href="#team"', 'href="#method"', 'href="#address"'].map(
      (h) => summary.indexOf(h),
    );
    assert.ok(
      order.every((i) => i > 0),
      'each missing field is in the summary',
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'in page order',
    );
    assert.match(bad.body, /Enter the organisation/);
    assert.match(bad.body, /Enter the team or the named person it is for/);
    assert.match(bad.body, /Select how it will be sent/);
    // The answers are kept.
    assert.match(bad.body, /CANARY-EXT-PURPOSE/);
    assert.equal((await decisions(c.caseId)).length, 0);
    assert.equal((await recipientRows(c.caseId)).length, 0);

    // A police basis is refused for this direction.
    const police = await postForm(
      t,
      clinician,
      `/cases/${c.caseId}/external-disclosures`,
      answers({ items: `triage_rationale:${c.triageId}`, legalBasis: 'dpa_sch1_para10_crime' }),
    );
    assert.equal(police.statusCode, 400);
    assert.match(police.body, /Select the legal basis/);
    assert.equal((await decisions(c.caseId)).length, 0);
  });

  it('with consent: released at once, a letter of exactly the released items, listed in the register', async () => {
    const c = await caseWithTriage();
    const saved = await postForm(
      t,
      clinician,
      `/cases/${c.caseId}/external-disclosures`,
      answers({ items: `triage_rationale:${c.triageId}`, summary: SUMMARY }),
    );
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
    const path = saved.headers.location!;
    assert.match(path, new RegExp(`^/cases/${c.caseId}/external-disclosures/[0-9a-f-]+$`));
    const check = await getPage(t, clinician, path);
    assert.match(check.body, /Riverside Surgery/);
    assert.match(check.body, /Sent by secure email to:/);
    assert.doesNotMatch(check.body, /Download the letter/);
    const [draft] = await decisions(c.caseId);
    assert.equal(draft!.direction, 'health_to_external');
    assert.equal((await recipientRows(c.caseId))[0]!.letter_content_id, null);

    const submitted = await postForm(t, clinician, `${path}/submit`, {
      version: String(draft!.version),
    });
    assert.equal(submitted.statusCode, 303);
    assert.match(submitted.headers.location!, /done=letter/);
    const [recipient] = await recipientRows(c.caseId);
    assert.ok(recipient!.letter_content_id, 'the letter is stored with the decision');
    const record = await getPage(t, clinician, submitted.headers.location!);
    assert.match(record.body, /download the letter and send it to the recipient/);
    assert.match(record.body, new RegExp(`href="${path}/letter.pdf"`));

    const text = await downloadLetter(clinician, `${path}/letter.pdf`, c.reference);
    assert.match(text, /OFFICIAL-SENSITIVE/);
    assert.match(text, /Riverside Surgery/);
    assert.match(text, /Dr Ada Example/);
    assert.match(text, new RegExp(`Our reference: ${c.reference}`));
    assert.match(text, /CANARY-EXT-TRIAGE engages with the GP/);
    assert.match(text, /CANARY-EXT-SUMMARY seen weekly by the VSS/);
    assert.match(text, /Duty to share for the person's individual care/);
    // The decision's own answers were not released: none of them is in the letter.
    for (const unreleased of ['PURPOSE', 'NECESSITY', 'CONSENT']) {
      assert.doesNotMatch(text, new RegExp(`CANARY-EXT-${unreleased}`));
    }
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_id', '=', draft!.id)
      .where('actor_user_id', '=', clinician.userId)
      .execute();
    assert.ok(audit.some((a) => a.action === 'disclosure' && a.detail.letterContentId));
    assert.ok(audit.some((a) => a.action === 'consultation' && a.detail.letter === true));

    // The case's Disclosures section lists it, to "Outside Cicero", and offers the journey.
    const section = await getPage(t, clinician, `/cases/${c.caseId}/section/disclosures`);
    assert.equal(section.statusCode, 200);
    assert.match(section.body, /Share with a service outside Cicero/);
    assert.match(section.body, /Outside Cicero/);
    assert.match(section.body, new RegExp(`href="${path}"`));

    // Named no Cicero user: nobody is notified, nothing appears to police.
    const told = await db()
      .selectFrom('notifications')
      .select('id')
      .where('case_id', '=', c.caseId)
      .where('kind', '=', 'item_released')
      .execute();
    assert.equal(told.length, 0);
    const released = await db()
      .selectFrom('released_items')
      .select(['direction'])
      .where('disclosure_id', '=', draft!.id)
      .execute();
    assert.deepEqual(
      released.map((r) => r.direction),
      ['health_to_external', 'health_to_external'],
    );
    assert.doesNotMatch((await getPage(t, officer, `/requests/${c.caseId}`)).body, /CANARY-EXT/);

    // The register, page and CSV: the recipient and how it is sent, and the letter.
    const register = await getPage(t, ig, '/disclosures/register?direction=health_to_external');
    assert.equal(register.statusCode, 200);
    const row = register.body
      .split('<tr class="govuk-table__row">')
      .find((r) => r.includes(c.reference));
    assert.ok(row, 'the register lists the decision');
    assert.match(row, /Riverside Surgery/);
    assert.match(row, /sent by secure email/);
    const csv = await downloadExport(
      t,
      ig,
      '/disclosures/register.csv?direction=health_to_external',
    );
    const line = csv.body.split('\n').find((l) => l.includes(c.reference));
    assert.ok(line, 'the CSV lists the decision');
    assert.match(line, /Dr Ada Example, CANARY-EXT-TEAM Primary care, Riverside Surgery/);
    assert.match(line, /sent by secure email/);
    assert.match(line, /Health to a service outside Cicero/);
    // The register's readers see labels, never released text: no letter from the register.
    const decision = await getPage(t, ig, `/disclosures/register/${draft!.id}`);
    assert.equal(decision.statusCode, 200);
    assert.match(decision.body, /Riverside Surgery/);
    assert.doesNotMatch(decision.body, /letter\.pdf|CANARY-EXT-TRIAGE|CANARY-EXT-SUMMARY/);
    const igLetter = await getPage(t, ig, `${path}/letter.pdf`);
    assert.ok([403, 404].includes(igLetter.statusCode), `IG officer: ${igLetter.statusCode}`);
    // The hub lead of the case's hub may see the decision, so the letter too.
    assert.match(await downloadLetter(leadB, `${path}/letter.pdf`, c.reference), /CANARY-EXT/);

    // A second decision on the same case releasing only a summary: its letter holds only that,
    // not the triage rationale still offered, nor the first decision's summary.
    const second = await postForm(
      t,
      clinician,
      `/cases/${c.caseId}/external-disclosures`,
      answers({ summary: 'CANARY-EXT-SECOND only this', method: 'post', address: '1 High St' }),
    );
    assert.equal(second.statusCode, 303);
    const secondId = second.headers.location!.split('/').at(-1)!;
    await postForm(t, clinician, `${second.headers.location!}/submit`, { version: '1' });
    const secondText = await downloadLetter(
      clinician,
      `${second.headers.location!}/letter.pdf`,
      c.reference,
    );
    assert.match(secondText, /CANARY-EXT-SECOND only this/);
    assert.match(secondText, /1 High St/);
    assert.doesNotMatch(secondText, /CANARY-EXT-TRIAGE|CANARY-EXT-SUMMARY/);
    assert.ok(secondId);
  });

  it('police, and another hub, cannot download the letter', async () => {
    const c = await caseWithTriage();
    const saved = await postForm(
      t,
      leadA,
      `/cases/${c.caseId}/external-disclosures`,
      answers({ items: `triage_rationale:${c.triageId}` }),
    );
    const path = saved.headers.location!;
    await postForm(t, leadA, `${path}/submit`, { version: '1' });
    assert.ok((await recipientRows(c.caseId))[0]!.letter_content_id);
    for (const who of [officer, policeLead, otherHubLead]) {
      const res = await getPage(t, who, `${path}/letter.pdf`);
      assert.ok([403, 404].includes(res.statusCode), `${res.statusCode}`);
      assert.doesNotMatch(res.body, /CANARY-EXT/);
      assert.notEqual(res.headers['content-type'], 'application/pdf');
      assert.doesNotMatch((await getPage(t, who, `${path}`)).body, /CANARY-EXT/);
    }
    // Police see nothing of it on their pages either.
    assert.doesNotMatch((await getPage(t, officer, `/requests/${c.caseId}`)).body, /CANARY-EXT/);
    assert.doesNotMatch((await getPage(t, officer, '/disclosures/received')).body, /CANARY-EXT/);
  });

  it('without consent: nothing is made until another hub lead approves, then the letter', async () => {
    const c = await caseWithTriage();
    const saved = await postForm(
      t,
      leadA,
      `/cases/${c.caseId}/external-disclosures`,
      answers({
        items: `triage_rationale:${c.triageId}`,
        legalBasis: 'dpa_sch1_para18_safeguarding',
        consent: 'refused',
        consentNote: 'Refused at the appointment',
      }),
    );
    assert.equal(saved.statusCode, 303);
    const path = saved.headers.location!;
    const submitted = await postForm(t, leadA, `${path}/submit`, {
      version: '1',
      stepUpCode: freshCode(t, leadA),
    });
    assert.equal(submitted.statusCode, 303);
    assert.match(submitted.headers.location!, /done=awaiting/);
    const [waiting] = await decisions(c.caseId);
    assert.equal(waiting!.status, 'awaiting_approval');
    assert.equal((await recipientRows(c.caseId))[0]!.letter_content_id, null);
    assert.equal((await getPage(t, leadA, `${path}/letter.pdf`)).statusCode, 404);

    const review = await getPage(t, leadB, `/disclosures/approvals/${waiting!.id}`);
    assert.match(review.body, /Riverside Surgery/);
    const approved = await postForm(t, leadB, `/disclosures/approvals/${waiting!.id}/approve`, {
      version: '2',
      stepUpCode: freshCode(t, leadB),
    });
    assert.equal(approved.statusCode, 303);
    const text = await downloadLetter(leadA, `${path}/letter.pdf`, c.reference);
    assert.match(text, /CANARY-EXT-TRIAGE/);
    assert.match(text, /approved by/);
    // Once released, the recipient row cannot change.
    await assert.rejects(
      db()
        .updateTable('disclosure_external_recipients')
        .set({ address: 'elsewhere' })
        .where('disclosure_id', '=', waiting!.id)
        .execute(),
    );
  });
});
