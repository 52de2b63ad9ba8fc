import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { apiHeaders, apiToken, createApiClient } from '../../../test/support/api.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { paintCanaries, type CanaryRegistry } from '../../../test/support/canaries.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { releaseItem } from '../../../test/support/disclosures.ts';
import { resourcesOf, validateBundle } from '../../../test/support/fhir.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';

const typesOf = (bundle: unknown) =>
  [...new Set(validateBundle(bundle).map((r) => String(r.resourceType)))].sort();

/** A plan with one action, a liaison contact and a triage decision, straight in the database. */
async function insertHealthRecord(t: TestApp, input: { caseId: string; clinicianId: string }) {
  const { db } = t.database;
  const { caseId, clinicianId: by } = input;
  const at = new Date('2026-05-23T10:00:00Z');
  await db
    .insertInto('triage_decisions')
    .values({
      case_id: caseId,
      decision: 'accept',
      rationale: 'x',
      decided_by: by,
      decided_at: at,
      seconds_to_triage: 60,
    })
    .execute();
  const plan = await db
    .insertInto('plans')
    .values({
      case_id: caseId,
      version_number: 1,
      review_date: '2026-08-01',
      created_by: by,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const need = await db
    .insertInto('plan_needs')
    .values({
      plan_id: plan.id,
      lineage_id: randomUUID(),
      position: 1,
      category: 'access_to_services',
      description: 'x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('plan_actions')
    .values({
      plan_id: plan.id,
      need_id: need.id,
      lineage_id: randomUUID(),
      position: 1,
      description: 'x',
      service_type: 'mental_health',
      agency: 'x',
      owner: 'x',
      due_date: '2026-07-01',
      created_by: by,
      created_at: at,
      updated_by: by,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('liaison_contacts')
    .values({
      case_id: caseId,
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

describe('the FHIR export of a case', () => {
  let t: TestApp;
  let officer: SignedIn;
  let clinician: SignedIn;
  let ig: SignedIn;
  let caseId: string;
  let registry: CanaryRegistry;
  let released: string;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    ig = await signIn(t, { roles: ['ig_officer'], hubCodes: [] });
    const { db } = t.database;
    ({ caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.userId }));
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
    // A plan with an action, a liaison contact and a triage decision, then canaries in them all.
    await insertHealthRecord(t, { caseId, clinicianId: clinician.userId });
    registry = await paintCanaries(t.database);
    // One health item released to the officer by name: its copy carries its canary.
    const rationale = registry.canaries.find(
      (c) => c.caseId === caseId && c.table === 'triage_decisions' && c.column === 'rationale',
    );
    assert.ok(rationale?.rowId);
    released = rationale.value;
    await releaseItem(
      { database: t.database, clock: t.clock },
      {
        caseId,
        source: 'triage_rationale',
        recordId: rationale.rowId,
        recipients: [officer.userId],
      },
    );
  });
  after(async () => {
    await t?.close();
  });

  const fhirAudits = async (userId: string) =>
    (
      await t.database.db
        .selectFrom('audit_events')
        .select(['subject_type', 'subject_id', 'detail'])
        .where('actor_user_id', '=', userId)
        .where('action', '=', 'consultation')
        .execute()
    ).filter((r) => (r.detail as { view?: string }).view === 'fhir');

  it('the allocated clinician downloads it from the case page: the health record, valid', async () => {
    const page = await getPage(t, clinician, `/cases/${caseId}/section/documents`);
    assert.match(page.body, new RegExp(`href="/cases/${caseId}/fhir"`));
    const res = await getPage(t, clinician, `/cases/${caseId}/fhir`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="cicero-WM-2026-\d{4}-fhir-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const bundle: unknown = res.json();
    assert.deepEqual(typesOf(bundle), [
      'CarePlan',
      'Communication',
      'Consent',
      'EpisodeOfCare',
      'Patient',
      'Provenance',
      'ServiceRequest',
    ]);
    const seen = registry.find(res.body);
    for (const table of ['plan_actions', 'liaison_contacts']) {
      assert.ok(
        seen.some((v) => registry.byValue.get(v)?.table === table),
        `the clinician's bundle holds ${table}`,
      );
    }
    const [audit] = await fhirAudits(clinician.userId);
    assert.equal(audit?.subject_type, 'case');
    assert.equal(audit?.subject_id, caseId);
    assert.equal((audit?.detail as { health?: boolean }).health, true);
  });

  it('the requesting officer: their request, advice and the released item, no health content', async () => {
    const refused = await getPage(t, officer, `/cases/${caseId}/fhir`);
    assert.equal(refused.statusCode, 403);
    const res = await getPage(t, officer, `/requests/${caseId}/fhir`);
    assert.equal(res.statusCode, 200);
    const bundle: unknown = res.json();
    assert.deepEqual(typesOf(bundle), [
      'Communication',
      'EpisodeOfCare',
      'Patient',
      'Provenance',
      'ServiceRequest',
    ]);
    assert.deepEqual(registry.find(res.body), [released], 'only the released copy crosses');
    assert.match(res.body, /SHARED-ADVICE/);
    assert.equal(resourcesOf(bundle, 'Consent').length, 0);
    const [audit] = await fhirAudits(officer.userId);
    assert.equal((audit?.detail as { health?: boolean }).health, false);
  });

  it('through the API: a hub lead client gets it, valid; a police client is refused', async () => {
    const lead = await createApiClient(t.database.db, {
      assignments: [{ role: 'hub_lead', hub: 'WM' }],
      scopes: ['cases:read'],
    });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/fhir`,
      headers: apiHeaders(await apiToken(t, lead)),
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(res.headers['content-disposition'], undefined);
    assert.ok(typesOf(res.json()).includes('CarePlan'));
    assert.ok(registry.find(res.body).length > 1, 'the health record is in it');

    const police = await createApiClient(t.database.db, {
      assignments: [{ role: 'case_officer', hub: 'WM' }],
      scopes: ['requests:read'],
      mayActForUsers: true,
    });
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/fhir`,
      headers: apiHeaders(await apiToken(t, police), officer.userId),
    });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(registry.find(refused.body), []);
  });

  it("another hub's case, and a clinician who has given no reason: 404, audited as denied", async () => {
    for (const assignments of [
      [{ role: 'hub_lead' as const, hub: 'NW' }],
      [{ role: 'clinician' as const, hub: 'WM' }],
    ]) {
      const client = await createApiClient(t.database.db, { assignments, scopes: ['cases:read'] });
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}/fhir`,
        headers: apiHeaders(await apiToken(t, client)),
      });
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(registry.find(res.body), []);
      const denial = await t.database.db
        .selectFrom('audit_events')
        .select('outcome')
        .where('actor_user_id', '=', client.userId)
        .where('action', '=', 'denial')
        .where('subject_id', '=', caseId)
        .executeTakeFirst();
      assert.equal(denial?.outcome, 'denied');
    }
  });

  it('the IG officer: the access log as AuditEvents, valid, no case content', async () => {
    const log = await getPage(t, ig, `/audit/records/case/${caseId}`);
    assert.match(log.body, new RegExp(`href="/audit/cases/${caseId}/fhir"`));
    const res = await getPage(t, ig, `/audit/cases/${caseId}/fhir`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /^attachment;/);
    const bundle: unknown = res.json();
    assert.deepEqual(typesOf(bundle), ['AuditEvent']);
    const events = resourcesOf(bundle, 'AuditEvent');
    assert.ok(events.length >= 2, 'the exports above were logged');
    // The case's whole access log: events about its other records (a disclosure, advice…) too.
    assert.ok(events.some((e) => JSON.stringify(e.entity).includes(`case/${caseId}`)));
    assert.deepEqual(registry.find(res.body), []);
    assert.doesNotMatch(res.body, /McTestface|SHARED-ADVICE/);
    const other = await getPage(t, ig, `/audit/cases/00000000-0000-4000-8000-000000000000/fhir`);
    assert.equal(other.statusCode, 404);
    assert.equal((await getPage(t, clinician, `/audit/cases/${caseId}/fhir`)).statusCode, 403);
  });
});
