import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../db/database.ts';
import { createUser, hubId } from '../../../test/support/auth.ts';
import { insertCase } from '../../../test/support/journey.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { principalOf, releaseItem } from '../../../test/support/disclosures.ts';
import { releasedItemsOf } from './released.ts';
import { decideApproval, saveDraft, submitDisclosure, withdrawDisclosure } from './service.ts';
import { itemKey } from './sources/index.ts';

const actor = (userId: string) => ({ userId, role: 'hub_lead', hubId: null, requestId: null });

describe('disclosure service', () => {
  let database: Database;
  const clock = testClock();
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  async function caseWithTriage() {
    const db = database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const c = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
    const triage = await db
      .insertInto('triage_decisions')
      .values({
        case_id: c.caseId,
        decision: 'accept',
        rationale: 'Low mood; engages well',
        decided_by: clinician.id,
        decided_at: new Date('2026-05-21T10:00:00Z'),
        seconds_to_triage: 60,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...c, officer, triageId: triage.id, wm: await hubId(db, 'WM') };
  }

  it('releases one item to the officer; a later edit of the source leaves the copy alone', async () => {
    const c = await caseWithTriage();
    const { disclosureId } = await releaseItem(database, {
      caseId: c.caseId,
      source: 'triage_rationale',
      recordId: c.triageId,
      recipients: [c.officer.id],
      clock,
    });
    const seen = await releasedItemsOf(database.db, c.caseId, 'addressed_to_viewer', c.officer.id);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.disclosureId, disclosureId);
    assert.match(seen[0]!.text!, /Rationale: Low mood; engages well/);
    assert.equal(seen[0]!.sourceTable, 'triage_decisions');
    assert.equal(seen[0]!.recordId, c.triageId);

    await database.db
      .updateTable('triage_decisions')
      .set({ rationale: 'Changed later' })
      .where('id', '=', c.triageId)
      .execute();
    const again = await releasedItemsOf(database.db, c.caseId, 'addressed_to_viewer', c.officer.id);
    assert.match(again[0]!.text!, /Low mood; engages well/);
    await assert.rejects(
      database.db
        .updateTable('released_items')
        .set({ body: 'x' })
        .where('id', '=', seen[0]!.id)
        .execute(),
      /frozen copy/,
    );

    // Another officer of the hub, not named, sees nothing; the audit row names the recipient.
    const other = await createUser(database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
    assert.deepEqual(
      await releasedItemsOf(database.db, c.caseId, 'addressed_to_viewer', other.id),
      [],
    );
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['detail'])
      .where('action', '=', 'disclosure')
      .where('subject_id', '=', disclosureId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.detail.recipients, [c.officer.id]);
  });

  it('without consent waits for another hub lead with fresh codes; withdrawal hides the text', async () => {
    const c = await caseWithTriage();
    const db = database.db;
    const leadA = principalOf(
      await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] }),
      ['hub_lead'],
      [c.wm],
    );
    const leadB = principalOf(
      await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] }),
      ['hub_lead'],
      [c.wm],
    );
    const draft = await saveDraft(
      db,
      clock,
      actor(leadA.userId),
      leadA,
      { caseId: c.caseId, direction: 'health_to_police', disclosureId: null, version: 0 },
      {
        itemKeys: [itemKey({ source: 'triage_rationale', recordId: c.triageId })],
        summary: 'A short summary',
        recipients: { caseOfficer: true, policeLeadIds: [], otherIds: [], otherReason: null },
        purpose: 'Safeguarding',
        legalBasis: 'dpa_sch1_para18_safeguarding',
        necessity: 'Serious risk to others',
        consent: 'not_sought',
        consentNote: 'Seeking consent would put a child at risk',
        personTold: 'no',
        personToldNote: 'Telling would increase the risk',
      },
    );
    assert.equal(draft.kind, 'done');
    const id = draft.kind === 'done' ? draft.value.disclosureId : '';
    const target = {
      caseId: c.caseId,
      direction: 'health_to_police' as const,
      disclosureId: id,
      version: 1,
    };
    assert.deepEqual(await submitDisclosure(db, clock, actor(leadA.userId), leadA, target, null), {
      kind: 'step_up',
    });
    const submitted = await submitDisclosure(
      db,
      clock,
      actor(leadA.userId),
      leadA,
      target,
      clock.now(),
    );
    assert.deepEqual(submitted, { kind: 'done', value: { status: 'awaiting_approval' } });
    assert.deepEqual(await releasedItemsOf(db, c.caseId, 'addressed_to_viewer', c.officer.id), []);

    const own = await decideApproval(
      db,
      clock,
      actor(leadA.userId),
      leadA,
      id,
      { kind: 'approve', version: 2 },
      clock.now(),
    );
    assert.equal(own.kind, 'refused');
    assert.deepEqual(
      await decideApproval(
        db,
        clock,
        actor(leadB.userId),
        leadB,
        id,
        { kind: 'approve', version: 2 },
        null,
      ),
      { kind: 'step_up' },
    );
    assert.deepEqual(
      await decideApproval(
        db,
        clock,
        actor(leadB.userId),
        leadB,
        id,
        { kind: 'approve', version: 1 },
        clock.now(),
      ),
      { kind: 'stale' },
    );
    const approved = await decideApproval(
      db,
      clock,
      actor(leadB.userId),
      leadB,
      id,
      { kind: 'approve', version: 2 },
      clock.now(),
    );
    assert.deepEqual(approved, { kind: 'done', value: { status: 'in_effect' } });
    const seen = await releasedItemsOf(db, c.caseId, 'addressed_to_viewer', c.officer.id);
    assert.deepEqual(
      seen.map((i) => i.label),
      ['Summary written for this disclosure', seen[1]!.label],
    );
    assert.equal(
      seen[0]!.approvedByName,
      (
        await db
          .selectFrom('users')
          .select('name')
          .where('id', '=', leadB.userId)
          .executeTakeFirstOrThrow()
      ).name,
    );

    const withdrawn = await withdrawDisclosure(
      db,
      clock,
      actor(leadA.userId),
      leadA,
      { ...target, version: 3 },
      'Released in error',
    );
    assert.equal(withdrawn.kind, 'done');
    const after = await releasedItemsOf(db, c.caseId, 'addressed_to_viewer', c.officer.id);
    assert.equal(after.length, 2);
    assert.ok(after.every((i) => i.text === null && i.withdrawnAt !== null));
  });
});
