import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { releaseItem } from '../../../test/support/disclosures.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';
import { pdfText } from '../../../test/support/pdf.ts';

const RELEASED = 'RELEASED-TRIAGE low mood, engages well with the GP';
const KEPT = 'KEPT-LIAISON joint visit with the community team';
const OTHERS = 'OTHERS-TRIAGE for the police lead only';

/**
 * The requesting officer's summary PDF holds the items a disclosure decision released to them
 * (the access core's released-items rule), exactly as their request page shows them, and no
 * other health content.
 */
describe('the officer’s case summary and released items', () => {
  let t: TestApp;
  let officer: SignedIn;
  let caseId: string;
  let otherCaseId: string;
  let triageId: string;
  let otherTriageId: string;

  const triage = async (id: string, rationale: string, by: string) =>
    (
      await t.database.db
        .insertInto('triage_decisions')
        .values({
          case_id: id,
          decision: 'accept',
          rationale,
          decided_by: by,
          decided_at: new Date('2026-05-23T10:00:00Z'),
          seconds_to_triage: 60,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    t = await testApp();
    const { db } = t.database;
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'], name: 'Ola Officer' });
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    ({ caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.userId }));
    ({ caseId: otherCaseId } = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    }));
    for (const id of [caseId, otherCaseId]) {
      await allocate(db, { caseId: id, clinicianId: clinician.userId, byId: lead.userId });
      await recordConsentEntry(db, { caseId: id, byId: clinician.userId, status: 'given' });
    }
    triageId = await triage(caseId, RELEASED, lead.userId);
    otherTriageId = await triage(otherCaseId, OTHERS, lead.userId);
    await db
      .insertInto('liaison_contacts')
      .values({
        case_id: caseId,
        contact_date: '2026-05-28',
        agency_type: 'gp_primary_care',
        organisation: KEPT,
        direction: 'outgoing',
        purpose: 'care_coordination',
        summary: KEPT,
        on_behalf: true,
        consent_covers: true,
        recorded_by: clinician.userId,
        recorded_at: new Date('2026-05-28T10:00:00Z'),
      })
      .execute();
  });
  after(async () => {
    await t?.close();
  });

  const print = async (id: string) => {
    const res = await downloadExport(t, officer, `/requests/${id}/summary.pdf`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    return pdfText(res.rawPayload);
  };

  it('before any release: nothing of the health record', async () => {
    const text = await print(caseId);
    assert.ok(!text.includes('RELEASED-TRIAGE'), text);
    assert.ok(!text.includes('KEPT-LIAISON'), text);
  });

  it('after a release to the officer: the released copy, as on the request page, and no more', async () => {
    await releaseItem(t, {
      caseId,
      source: 'triage_rationale',
      recordId: triageId,
      recipients: [officer.userId],
    });
    const page = await getPage(t, officer, `/requests/${caseId}`);
    assert.match(page.body, /RELEASED-TRIAGE/, 'the request page shows it');
    const text = await print(caseId);
    assert.match(text, /Released to you/);
    assert.ok(text.includes(RELEASED), text);
    assert.ok(!text.includes('KEPT-LIAISON'), 'an item not released stays out');
    assert.ok(!text.includes('Download the released copy'), 'no link in print');
    const prints = (
      await t.database.db
        .selectFrom('audit_events')
        .select('detail')
        .where('actor_user_id', '=', officer.userId)
        .where('subject_id', '=', caseId)
        .where('action', '=', 'consultation')
        .execute()
    )
      .map((a) => a.detail as { printed?: string; releasedItems?: string[] })
      .filter((d) => d.printed === 'case_summary');
    assert.equal(prints.length, 2);
    // The print before the release named none; this one names the released copy.
    assert.deepEqual(prints.map((d) => d.releasedItems?.length ?? 0).sort(), [0, 1]);
  });

  it('an item released to someone else is not in the officer’s summary', async () => {
    const policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    await releaseItem(t, {
      caseId: otherCaseId,
      source: 'triage_rationale',
      recordId: otherTriageId,
      recipients: [policeLead.userId],
    });
    const text = await print(otherCaseId);
    assert.ok(!text.includes('OTHERS-TRIAGE'), text);
    assert.ok(!text.includes('RELEASED-TRIAGE'), 'nor one of another case');
  });
});
