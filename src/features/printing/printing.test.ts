import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { paintCanaries, type CanaryRegistry } from '../../../test/support/canaries.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';
import { pdfPages } from '../../../test/support/pdf.ts';

/** A triage decision and a liaison contact (health), straight in the database. */
async function insertHealthRecord(t: TestApp, input: { caseId: string; clinicianId: string }) {
  const { db } = t.database;
  const at = new Date('2026-05-23T10:00:00Z');
  const by = input.clinicianId;
  await db
    .insertInto('triage_decisions')
    .values({
      case_id: input.caseId,
      decision: 'accept',
      rationale: 'x',
      decided_by: by,
      decided_at: at,
      seconds_to_triage: 60,
    })
    .execute();
  await db
    .insertInto('liaison_contacts')
    .values({
      case_id: input.caseId,
      contact_date: '2026-05-28',
      agency_type: 'gp_primary_care',
      organisation: 'x',
      direction: 'outgoing',
      purpose: 'care_coordination',
      summary: 'x',
      on_behalf: true,
      consent_covers: true,
      recorded_by: by,
      recorded_at: at,
    })
    .execute();
}

describe('the case summary as PDF', () => {
  let t: TestApp;
  let officer: SignedIn;
  let clinician: SignedIn;
  let caseId: string;
  let reference: string;
  let registry: CanaryRegistry;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'], name: 'Olive Officer' });
    clinician = await signIn(t, {
      roles: ['clinician'],
      hubCodes: ['WM'],
      name: 'Clara Clinician',
    });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const { db } = t.database;
    ({ caseId, reference } = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      givenName: 'Printable',
      familyName: 'Person',
    }));
    await allocate(db, { caseId, clinicianId: clinician.userId, byId: lead.userId });
    await recordConsentEntry(db, { caseId, byId: clinician.userId, status: 'given' });
    await db
      .insertInto('advice')
      .values({
        case_id: caseId,
        author_id: clinician.userId,
        title: 'Engagement',
        body: 'SHARED-ADVICE meet at the GP surgery',
        given_at: '2026-05-25',
        created_at: new Date('2026-05-25T10:00:00Z'),
      })
      .execute();
    await insertHealthRecord(t, { caseId, clinicianId: clinician.userId });
    registry = await paintCanaries(t.database);
  });
  after(async () => {
    await t?.close();
  });

  const printAudits = async (userId: string) =>
    (
      await t.database.db
        .selectFrom('audit_events')
        .select(['subject_type', 'subject_id', 'detail', 'action', 'reason'])
        .where('actor_user_id', '=', userId)
        .where('action', '=', 'consultation')
        .execute()
    ).filter((r) => (r.detail as { printed?: string }).printed === 'case_summary');

  const download = async (who: SignedIn, url: string) => {
    const ask = await getPage(t, who, url);
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /Why do you need this download\?/);
    const res = await downloadExport(t, who, url, 'Printed for the case review');
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(
      String(res.headers['content-disposition']),
      new RegExp(`^attachment; filename="case-summary-${reference}\\.pdf"$`),
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cache-control'], 'no-store');
    return pdfPages(res.rawPayload);
  };

  const everyPageMarked = (pages: string[], name: string) => {
    const time = t.clock.now();
    assert.ok(pages.length >= 1);
    for (const [n, page] of pages.entries()) {
      assert.equal(
        page.match(/OFFICIAL-SENSITIVE/g)?.length,
        2,
        `page ${n + 1} marked top and bottom`,
      );
      assert.ok(page.includes(`Printed by ${name} at `), `page ${n + 1} names the viewer`);
      assert.ok(page.includes(`Page ${n + 1} of ${pages.length}`), `page ${n + 1} numbered`);
      assert.ok(time, 'clock set');
    }
  };

  it('the allocated clinician prints the health record, marked and audited', async () => {
    const page = await getPage(t, clinician, `/cases/${caseId}`);
    assert.match(page.body, new RegExp(`href="/cases/${caseId}/summary.pdf"`));
    assert.match(page.body, /Download case summary \(PDF\)/);
    const pages = await download(clinician, `/cases/${caseId}/summary.pdf`);
    const text = pages.join('\n');
    everyPageMarked(pages, 'Clara Clinician');
    assert.match(text, new RegExp(`Case summary ${reference}`));
    assert.match(text, /Printable Person/);
    assert.match(text, /SHARED-ADVICE/);
    const seen = registry.find(text);
    for (const table of ['triage_decisions', 'liaison_contacts']) {
      assert.ok(
        seen.some((v) => registry.byValue.get(v)?.table === table),
        `the clinician's summary holds ${table}: ${seen.join(', ')}`,
      );
    }
    const [audit, ...more] = await printAudits(clinician.userId);
    assert.equal(more.length, 0);
    assert.equal(audit?.subject_type, 'case');
    assert.equal(audit?.subject_id, caseId);
    assert.equal(audit?.reason, 'Printed for the case review');
    const detail = audit?.detail as { health?: boolean; format?: string; panels?: string[] };
    assert.equal(detail.health, true);
    assert.equal(detail.format, 'pdf');
    assert.ok(detail.panels?.includes('liaison'));
  });

  it('the time printed is the time of printing, in words', async () => {
    // In UK summer time: 09:05 UTC is 10:05am in London.
    t.clock.set(new Date('2026-06-01T09:05:00Z'));
    const pages = await download(clinician, `/cases/${caseId}/summary.pdf`);
    for (const page of pages)
      assert.ok(page.includes('Printed by Clara Clinician at 10:05am on 1 June 2026'));
  });

  it('the requesting officer prints only what they may see: no health content', async () => {
    const refused = await getPage(t, officer, `/cases/${caseId}/summary.pdf`);
    assert.equal(refused.statusCode, 403);
    const pages = await download(officer, `/requests/${caseId}/summary.pdf`);
    const text = pages.join('\n');
    everyPageMarked(pages, 'Olive Officer');
    assert.match(text, /Printable Person/);
    assert.match(text, /SHARED-ADVICE/);
    assert.deepEqual(registry.find(text), [], 'no canary of a health table');
    const [audit] = await printAudits(officer.userId);
    assert.equal((audit?.detail as { health?: boolean }).health, false);
  });

  it('a clinician of another hub, or with no relation to the case, gets not found', async () => {
    const other = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
    const res = await getPage(t, other, `/cases/${caseId}/summary.pdf`);
    assert.equal(res.statusCode, 404);
    assert.equal((await printAudits(other.userId)).length, 0);
  });
});
