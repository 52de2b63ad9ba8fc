import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../db/database.ts';
import { createUser, hubId } from '../../../test/support/auth.ts';
import { insertCase } from '../../../test/support/journey.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { principalOf, releaseItem } from '../../../test/support/disclosures.ts';
import { replaceAssignments } from '../../access/assignments.ts';
import { openCase } from '../../access/case-context.ts';
import { releasedItemsOf } from './released.ts';
import {
  decideApproval,
  readDisclosure,
  saveDraft,
  submitDisclosure,
  withdrawDisclosure,
} from './service.ts';
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

  /** Two hub leads of the hub, and a decision without consent by the first, submitted. */
  async function submittedWithoutConsent(c: Awaited<ReturnType<typeof caseWithTriage>>) {
    const db = database.db;
    const lead = async () =>
      principalOf(
        await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] }),
        ['hub_lead'],
        [c.wm],
      );
    const leadA = await lead();
    const leadB = await lead();
    const draft = await saveDraft(
      { db, clock },
      {
        actor: actor(leadA.userId),
        principal: leadA,
        target: { caseId: c.caseId, direction: 'health_to_police', disclosureId: null, version: 0 },
        input: {
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
    const submitted = await submitDisclosure(
      { db, clock },
      { actor: actor(leadA.userId), principal: leadA, target, stepUpAt: clock.now() },
    );
    assert.deepEqual(submitted, { kind: 'done', value: { status: 'awaiting_approval' } });
    return { leadA, leadB, id, target };
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
    const seen = await releasedItemsOf(database.db, {
      caseId: c.caseId,
      access: 'addressed_to_viewer',
      viewerId: c.officer.id,
    });
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
    const again = await releasedItemsOf(database.db, {
      caseId: c.caseId,
      access: 'addressed_to_viewer',
      viewerId: c.officer.id,
    });
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
      await releasedItemsOf(database.db, {
        caseId: c.caseId,
        access: 'addressed_to_viewer',
        viewerId: other.id,
      }),
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
      { db, clock },
      {
        actor: actor(leadA.userId),
        principal: leadA,
        target: { caseId: c.caseId, direction: 'health_to_police', disclosureId: null, version: 0 },
        input: {
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
    assert.deepEqual(
      await submitDisclosure(
        { db, clock },
        { actor: actor(leadA.userId), principal: leadA, target, stepUpAt: null },
      ),
      {
        kind: 'step_up',
      },
    );
    const submitted = await submitDisclosure(
      { db, clock },
      { actor: actor(leadA.userId), principal: leadA, target, stepUpAt: clock.now() },
    );
    assert.deepEqual(submitted, { kind: 'done', value: { status: 'awaiting_approval' } });
    assert.deepEqual(
      await releasedItemsOf(db, {
        caseId: c.caseId,
        access: 'addressed_to_viewer',
        viewerId: c.officer.id,
      }),
      [],
    );

    const own = await decideApproval(
      { db, clock },
      {
        actor: actor(leadA.userId),
        principal: leadA,
        disclosureId: id,
        decision: { kind: 'approve', version: 2 },
        stepUpAt: clock.now(),
      },
    );
    assert.equal(own.kind, 'refused');
    assert.deepEqual(
      await decideApproval(
        { db, clock },
        {
          actor: actor(leadB.userId),
          principal: leadB,
          disclosureId: id,
          decision: { kind: 'approve', version: 2 },
          stepUpAt: null,
        },
      ),
      { kind: 'step_up' },
    );
    assert.deepEqual(
      await decideApproval(
        { db, clock },
        {
          actor: actor(leadB.userId),
          principal: leadB,
          disclosureId: id,
          decision: { kind: 'approve', version: 1 },
          stepUpAt: clock.now(),
        },
      ),
      { kind: 'stale' },
    );
    const approved = await decideApproval(
      { db, clock },
      {
        actor: actor(leadB.userId),
        principal: leadB,
        disclosureId: id,
        decision: { kind: 'approve', version: 2 },
        stepUpAt: clock.now(),
      },
    );
    assert.deepEqual(approved, { kind: 'done', value: { status: 'in_effect' } });
    const seen = await releasedItemsOf(db, {
      caseId: c.caseId,
      access: 'addressed_to_viewer',
      viewerId: c.officer.id,
    });
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
      { db, clock },
      {
        actor: actor(leadA.userId),
        principal: leadA,
        target: { ...target, version: 3 },
        reason: 'Released in error',
      },
    );
    assert.equal(withdrawn.kind, 'done');
    const after = await releasedItemsOf(db, {
      caseId: c.caseId,
      access: 'addressed_to_viewer',
      viewerId: c.officer.id,
    });
    assert.equal(after.length, 2);
    assert.ok(after.every((i) => i.text === null && i.label === null && i.withdrawnAt !== null));
    // The copies keep their text in the database, as the record of what was released.
    const kept = await db
      .selectFrom('released_items')
      .select(['label', 'body'])
      .where('disclosure_id', '=', id)
      .orderBy('position')
      .execute();
    assert.equal(kept[0]!.body, 'A short summary');
    assert.match(kept[1]!.label, /^Triage decision of/);
  });

  it('refused by another hub lead with a reason: nothing released, the decider sees why, audited', async () => {
    const c = await caseWithTriage();
    const db = database.db;
    const { leadA, leadB, id, target } = await submittedWithoutConsent(c);
    const reason = 'Not necessary: the officer can ask the GP directly';
    const refuse = (who: typeof leadA, version: number, stepUpAt: Date | null) =>
      decideApproval(
        { db, clock },
        {
          actor: actor(who.userId),
          principal: who,
          disclosureId: id,
          decision: { kind: 'refuse', version, reason },
          stepUpAt,
        },
      );
    // Never their own; a fresh second factor for refusing too; the version seen.
    assert.equal((await refuse(leadA, 2, clock.now())).kind, 'refused');
    assert.deepEqual(await refuse(leadB, 2, null), { kind: 'step_up' });
    assert.deepEqual(await refuse(leadB, 1, clock.now()), { kind: 'stale' });
    assert.equal(
      (await db.selectFrom('disclosures').select('status').where('id', '=', id).executeTakeFirst())
        ?.status,
      'awaiting_approval',
    );
    assert.deepEqual(await refuse(leadB, 2, clock.now()), {
      kind: 'done',
      value: { status: 'refused' },
    });

    // Nothing released, now or later: no copy, nothing for the officer, no approval after it.
    const copies = () =>
      db.selectFrom('released_items').select('id').where('disclosure_id', '=', id).execute();
    assert.deepEqual(await copies(), []);
    assert.deepEqual(
      await releasedItemsOf(db, {
        caseId: c.caseId,
        access: 'addressed_to_viewer',
        viewerId: c.officer.id,
      }),
      [],
    );
    assert.deepEqual(
      await decideApproval(
        { db, clock },
        {
          actor: actor(leadB.userId),
          principal: leadB,
          disclosureId: id,
          decision: { kind: 'approve', version: 3 },
          stepUpAt: clock.now(),
        },
      ),
      { kind: 'stale' },
    );
    assert.deepEqual(await refuse(leadB, 3, clock.now()), { kind: 'stale' });
    assert.deepEqual(
      await withdrawDisclosure(
        { db, clock },
        {
          actor: actor(leadA.userId),
          principal: leadA,
          target: { ...target, version: 3 },
          reason: 'x',
        },
      ),
      { kind: 'stale' },
    );
    assert.deepEqual(await copies(), []);

    // The decider reads that it was refused, by whom and why.
    const read = await readDisclosure(
      { db, clock },
      { actor: actor(leadA.userId), principal: leadA, target },
    );
    assert.equal(read?.record.status, 'refused');
    assert.equal(read?.record.refusalReason, reason);
    assert.ok(read?.record.refusedAt);
    const refuserName = (
      await db
        .selectFrom('users')
        .select('name')
        .where('id', '=', leadB.userId)
        .executeTakeFirstOrThrow()
    ).name;
    assert.equal(read?.record.refusedByName, refuserName);
    assert.equal(read?.record.approvedAt, null);
    assert.equal(read?.record.effectiveAt, null);

    // Audited as a change by the refuser, with the reason; no disclosure row (nothing crossed).
    const audit = await db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'reason', 'detail'])
      .where('subject_id', '=', id)
      .where('action', 'in', ['alteration', 'disclosure'])
      .orderBy('occurred_at')
      .execute();
    const refusal = audit.find((a) => a.detail.decision === 'refuse');
    assert.ok(refusal, 'the refusal is audited');
    assert.equal(refusal.action, 'alteration');
    assert.equal(refusal.actor_user_id, leadB.userId);
    assert.equal(refusal.reason, reason);
    assert.equal(refusal.detail.status, 'refused');
    assert.deepEqual(
      audit.filter((a) => a.action === 'disclosure'),
      [],
    );
  });

  it('a clinician of the hub who is not allocated and gave no reason sees no copy released to police', async () => {
    const c = await caseWithTriage();
    const db = database.db;
    await releaseItem(database, {
      caseId: c.caseId,
      source: 'triage_rationale',
      recordId: c.triageId,
      recipients: [c.officer.id],
      clock,
    });
    // Police share a summary with the hub's clinical team.
    const officer = principalOf(c.officer, ['case_officer'], [c.wm]);
    const shared = await saveDraft(
      { db, clock },
      {
        actor: actor(officer.userId),
        principal: officer,
        target: { caseId: c.caseId, direction: 'police_to_health', disclosureId: null, version: 0 },
        input: {
          itemKeys: [],
          summary: 'The person moved address',
          recipients: { caseOfficer: false, policeLeadIds: [], otherIds: [], otherReason: null },
          purpose: 'So the clinician can visit',
          legalBasis: 'dpa_part3_sch8',
          necessity: 'The address is needed for the visit',
          consent: 'not_sought',
          consentNote: 'Police information',
          personTold: 'yes',
          personToldNote: null,
        },
      },
    );
    assert.equal(shared.kind, 'done');
    const sharedId = shared.kind === 'done' ? shared.value.disclosureId : '';
    assert.equal(
      (
        await submitDisclosure(
          { db, clock },
          {
            actor: actor(officer.userId),
            principal: officer,
            target: {
              caseId: c.caseId,
              direction: 'police_to_health',
              disclosureId: sharedId,
              version: 1,
            },
            stepUpAt: null,
          },
        )
      ).kind,
      'done',
    );

    const seen = async (roles: ('clinician' | 'hub_lead')[], hubIds: string[]) => {
      // Roles held in these hubs (role_assignments: a role is held in a hub).
      const user = await createUser(db, { roles: [], hubCodes: [] });
      await db.transaction().execute((trx) =>
        replaceAssignments(
          trx,
          user.id,
          roles.flatMap((role) => hubIds.map((hubId) => ({ role, hubId }))),
        ),
      );
      const opened = await openCase(db, principalOf(user, roles, hubIds), c.caseId);
      if (!opened) return null;
      const items = await releasedItemsOf(db, {
        caseId: c.caseId,
        access: opened.visibility.releasedItems,
        viewerId: user.id,
      });
      return items.map((i) => i.direction).sort();
    };
    // Not allocated, no reason: what police shared with the clinical team, nothing released
    // from the health record (they may not read the triage rationale it copies).
    assert.deepEqual(await seen(['clinician'], [c.wm]), ['police_to_health']);
    // The hub lead sees both; a clinician of another hub cannot open the case.
    assert.deepEqual(await seen(['hub_lead'], [c.wm]), ['health_to_police', 'police_to_health']);
    assert.equal(await seen(['clinician'], [await hubId(db, 'NW')]), null);
  });
});
