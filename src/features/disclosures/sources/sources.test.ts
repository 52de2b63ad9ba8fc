import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../db/database.ts';
import { createUser } from '../../../../test/support/auth.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { insertCase } from '../../../../test/support/journey.ts';
import { itemKey, releasableItems, RELEASABLE_SOURCES } from './index.ts';

describe('releasable sources', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  it('offer signed-off formulations, consent, closing notes and police updates, by direction', async () => {
    const db = database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const author = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const { caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
    const at = new Date('2026-06-01T10:00:00Z');
    const base = {
      case_id: caseId,
      template_id: 'five_ps',
      template_version: '1',
      author_id: author.id,
      created_at: at,
      updated_at: at,
    };
    const signed = await db
      .insertInto('formulations')
      .values({
        ...base,
        version_number: 1,
        status: 'signed_off',
        presenting: 'CANARY-P: withdrawn and low',
        primary_vulnerability: 'complex_needs',
        presentations: JSON.stringify(['depression', 'other']),
        presentation_other: 'Insomnia',
        additional_needs: JSON.stringify(['housing']),
        convictions: false,
        submitted_by: author.id,
        submitted_at: at,
        signed_off_by: lead.id,
        signed_off_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A draft review is not offered: it is not a judgement yet.
    await db
      .insertInto('formulations')
      .values({ ...base, version_number: 2, previous_id: signed.id, presenting: 'CANARY-DRAFT' })
      .execute();
    await db
      .insertInto('consents')
      .values({
        case_id: caseId,
        status: 'given',
        method: 'written',
        decided_at: at,
        recorded_by: author.id,
        recorded_at: at,
      })
      .execute();
    await db
      .insertInto('police_updates')
      .values({ case_id: caseId, author_id: officer.id, body: 'CANARY-POLICE', created_at: at })
      .execute();

    const plan = await db
      .insertInto('plans')
      .values({
        case_id: caseId,
        version_number: 1,
        review_date: '2026-09-01',
        created_by: author.id,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const need = await db
      .insertInto('plan_needs')
      .values({
        plan_id: plan.id,
        lineage_id: crypto.randomUUID(),
        position: 1,
        category: 'access_to_services',
        description: 'Registered with a GP',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('plan_actions')
      .values({
        plan_id: plan.id,
        need_id: need.id,
        lineage_id: crypto.randomUUID(),
        position: 1,
        description: 'CANARY-PLAN: register with a GP',
        service_type: 'mental_health',
        agency: 'GP practice',
        owner: 'Lead practitioner',
        due_date: '2026-07-01',
        created_by: author.id,
        created_at: at,
        updated_by: author.id,
        updated_at: at,
      })
      .execute();
    const health = await releasableItems(db, caseId, 'health_to_police');
    assert.deepEqual(
      health.map((g) => g.source.id),
      ['formulation_reporting', 'formulation_5ps', 'consent_status', 'plan_action'],
    );
    const [reporting, fivePs, consent, actions] = health.map((g) => g.items);
    assert.equal(actions![0]!.recordVersion, 1);
    assert.match(actions![0]!.text, /Action: CANARY-PLAN: register with a GP\nService: /);
    assert.equal(reporting!.length, 1);
    assert.equal(reporting![0]!.recordId, signed.id);
    assert.equal(reporting![0]!.recordVersion, 1);
    assert.match(reporting![0]!.text, /Primary vulnerability: Complex needs/);
    assert.match(reporting![0]!.text, /Presentations: Depression, Other, Other: Insomnia/);
    assert.match(reporting![0]!.text, /Additional needs: Homelessness or housing/);
    assert.match(reporting![0]!.text, /Previous convictions: No/);
    assert.match(reporting![0]!.text, /Past failures under supervision: Not known/);
    assert.match(fivePs![0]!.text, /Presenting: CANARY-P: withdrawn and low/);
    assert.doesNotMatch(JSON.stringify(health), /CANARY-DRAFT|CANARY-POLICE/);
    assert.match(consent![0]!.text, /Given \(written\)/);

    const police = await releasableItems(db, caseId, 'police_to_health');
    assert.deepEqual(
      police.map((g) => g.source.id),
      ['police_update'],
    );
    assert.doesNotMatch(JSON.stringify(police), /CANARY-P:|CANARY-PLAN/);
  });

  it('source ids are unique and keys name source and record', () => {
    const ids = RELEASABLE_SOURCES.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(itemKey({ source: 'a', recordId: 'b' }), 'a:b');
  });
});
