import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { INVESTIGATION_REFUSED } from '../../domain/liaison.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const contact = (version: string, change: Record<string, string> = {}) => ({
  version,
  'contactDate-day': '28',
  'contactDate-month': '5',
  'contactDate-year': '2026',
  agencyType: 'gp_primary_care',
  organisation: 'Ladywood Health Centre',
  direction: 'outgoing',
  purpose: 'care_coordination',
  summary: 'CANARY-LIAISON asked the GP to review medication.',
  onBehalf: 'yes',
  consentCovers: 'yes',
  ...change,
});

describe('liaison with other services', () => {
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

  const rows = (caseId: string) =>
    t.database.db
      .selectFrom('liaison_contacts')
      .selectAll()
      .where('case_id', '=', caseId)
      .execute();

  async function openCaseWithConsent(status: 'given' | 'declined' | null = 'given') {
    const made = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId });
    await allocate(t.database.db, {
      caseId: made.caseId,
      clinicianId: clinician.userId,
      byId: lead.userId,
    });
    if (status) {
      await recordConsentEntry(t.database.db, {
        caseId: made.caseId,
        byId: clinician.userId,
        status,
      });
    }
    return made;
  }

  it('the allocated clinician records a contact: saved, audited, listed, version moved on', async () => {
    const { caseId } = await openCaseWithConsent();
    const form = await getPage(t, clinician, `/cases/${caseId}/liaison/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Record a liaison contact/);
    assert.match(form.body, /NHS Talking Therapies/);
    assert.doesNotMatch(form.body, /value="investigation"/);

    const saved = await postForm(t, clinician, `/cases/${caseId}/liaison`, contact('1'));
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/cases/${caseId}/liaison?done=recorded`);
    const [row] = await rows(caseId);
    assert.equal(row!.agency_type, 'gp_primary_care');
    assert.equal(row!.contact_date, '2026-05-28');
    assert.equal(row!.on_behalf, true);
    assert.equal(row!.recorded_by, clinician.userId);
    assert.equal(await caseVersion(t.database.db, caseId), '2');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_type', '=', 'liaison_contact')
      .where('subject_id', '=', row!.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['collection'],
    );
    assert.doesNotMatch(JSON.stringify(audit), /CANARY/);

    const list = await getPage(t, clinician, `/cases/${caseId}/liaison`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /CANARY-LIAISON/);
    assert.match(list.body, /Ladywood Health Centre/);
    const reads = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_type', '=', 'liaison_contacts')
      .where('subject_id', '=', caseId)
      .where('action', '=', 'consultation')
      .execute();
    assert.equal(reads.length, 1);

    // The case page links to it and shows it in the timeline.
    const page = await getPage(t, clinician, `/cases/${caseId}/section/liaison-and-meetings`);
    assert.match(page.body, new RegExp(`href="/cases/${caseId}/liaison"`));
    const timeline = await getPage(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.match(timeline.body, /Liaison: GP or primary care/);
  });

  it('investigation is refused: 400, a clear error, nothing written', async () => {
    const { caseId } = await openCaseWithConsent();
    const response = await postForm(
      t,
      clinician,
      `/cases/${caseId}/liaison`,
      contact('1', { purpose: 'investigation' }),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error:/);
    assert.match(response.body, /href="#purpose"/);
    assert.ok(response.body.includes('Investigation is not a liaison purpose'));
    assert.match(response.body, /value="Ladywood Health Centre"/);
    assert.deepEqual(await rows(caseId), []);
    assert.equal(await caseVersion(t.database.db, caseId), '1');
    assert.ok(INVESTIGATION_REFUSED.startsWith('Investigation is not a liaison purpose'));
  });

  it('the database refuses an investigation purpose too', async () => {
    const { caseId } = await openCaseWithConsent();
    await assert.rejects(
      t.database.db
        .insertInto('liaison_contacts')
        .values({
          case_id: caseId,
          contact_date: '2026-05-28',
          agency_type: 'gp_primary_care',
          organisation: 'X',
          direction: 'outgoing',
          purpose: 'investigation' as never,
          summary: 'x',
          on_behalf: false,
          consent_covers: false,
          recorded_by: clinician.userId,
          recorded_at: new Date(),
        })
        .execute(),
    );
  });

  it('without consent: a contact on the person’s behalf is refused, explained on the page', async () => {
    for (const status of [null, 'declined'] as const) {
      const { caseId } = await openCaseWithConsent(status);
      const form = await getPage(t, clinician, `/cases/${caseId}/liaison/new`);
      assert.match(form.body, /You can still record a contact that is not on the person/);
      const response = await postForm(t, clinician, `/cases/${caseId}/liaison`, contact('1'));
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /href="#onBehalf"/);
      assert.match(
        response.body,
        status === null ? /without their consent\. Record consent first/ : /declined consent/,
      );
      assert.deepEqual(await rows(caseId), []);
      assert.equal(await caseVersion(t.database.db, caseId), '1');

      // Consent cannot be said to cover it either.
      const covers = await postForm(
        t,
        clinician,
        `/cases/${caseId}/liaison`,
        contact('1', { onBehalf: 'no' }),
      );
      assert.equal(covers.statusCode, 400);
      assert.match(covers.body, /href="#consentCovers"/);

      // A safeguarding contact not on their behalf may be recorded.
      const safeguarding = await postForm(
        t,
        clinician,
        `/cases/${caseId}/liaison`,
        contact('1', { onBehalf: 'no', consentCovers: 'no', purpose: 'safeguarding' }),
      );
      assert.equal(safeguarding.statusCode, 303);
      assert.equal((await rows(caseId)).length, 1);
    }
  });

  it('bad input: 400 with every error in the summary and the input kept', async () => {
    const { caseId } = await openCaseWithConsent();
    const response = await postForm(t, clinician, `/cases/${caseId}/liaison`, {
      version: '1',
      'contactDate-day': '31',
      'contactDate-month': '2',
      'contactDate-year': '2026',
      organisation: '',
      summary: 'Kept summary',
    });
    assert.equal(response.statusCode, 400);
    for (const field of [
      'contactDate-day',
      'agencyType',
      'organisation',
      'direction',
      'purpose',
      'onBehalf',
      'consentCovers',
    ]) {
      assert.match(response.body, new RegExp(`href="#${field}"`), field);
    }
    assert.match(response.body, /Kept summary/);
    assert.deepEqual(await rows(caseId), []);
  });

  it('a contact dated 1 January 1800 is refused: 400, the error summary, nothing written', async () => {
    const { caseId } = await openCaseWithConsent();
    const response = await postForm(
      t,
      clinician,
      `/cases/${caseId}/liaison`,
      contact('1', {
        'contactDate-day': '1',
        'contactDate-month': '1',
        'contactDate-year': '1800',
      }),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /href="#contactDate-day"/);
    assert.match(response.body, /1900/);
    assert.deepEqual(await rows(caseId), []);
    assert.equal(await caseVersion(t.database.db, caseId), '1');
  });

  it('a second click of the same form is refused as stale: one record', async () => {
    const { caseId } = await openCaseWithConsent();
    assert.equal(
      (await postForm(t, clinician, `/cases/${caseId}/liaison`, contact('1'))).statusCode,
      303,
    );
    const again = await postForm(t, clinician, `/cases/${caseId}/liaison`, contact('1'));
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This case changed since you opened it/);
    assert.equal((await rows(caseId)).length, 1);
  });

  it('a contact is changed against its version; a stale change shows the conflict page', async () => {
    const { caseId } = await openCaseWithConsent();
    await postForm(t, clinician, `/cases/${caseId}/liaison`, contact('1'));
    const [row] = await rows(caseId);
    const edit = await getPage(t, lead, `/cases/${caseId}/liaison/${row!.id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /value="Ladywood Health Centre"/);
    const changed = await postForm(
      t,
      lead,
      `/cases/${caseId}/liaison/${row!.id}`,
      contact('1', { organisation: 'Summerfield Surgery' }),
    );
    assert.equal(changed.statusCode, 303);
    const [after1] = await rows(caseId);
    assert.equal(after1!.organisation, 'Summerfield Surgery');
    assert.equal(after1!.version, 2);
    assert.equal(after1!.updated_by, lead.userId);

    const stale = await postForm(
      t,
      clinician,
      `/cases/${caseId}/liaison/${row!.id}`,
      contact('1', { organisation: 'Lost update' }),
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Summerfield Surgery/);
    assert.match(stale.body, /Lost update/);
    assert.equal((await rows(caseId))[0]!.organisation, 'Summerfield Surgery');
    const alterations = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', row!.id)
      .where('action', '=', 'alteration')
      .execute();
    assert.equal(alterations.length, 1);

    // Another case's id in the path: not found.
    const other = await openCaseWithConsent();
    assert.equal(
      (await getPage(t, clinician, `/cases/${other.caseId}/liaison/${row!.id}/edit`)).statusCode,
      404,
    );
  });

  it('a closed case: refused with the reason, nothing written', async () => {
    const { caseId } = await openCaseWithConsent();
    await t.database.db
      .updateTable('cases')
      .set({ status: 'closed', closed_at: new Date() })
      .where('id', '=', caseId)
      .execute();
    const response = await postForm(t, clinician, `/cases/${caseId}/liaison`, contact('1'));
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /This case is closed/);
    assert.deepEqual(await rows(caseId), []);
  });
});
