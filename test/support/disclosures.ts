import { replaceAssignments } from '../../src/access/assignments.ts';
import { assignmentsOf } from '../../src/domain/role-assignments.ts';
import { SIDE_OF } from '../../src/domain/roles.ts';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.ts';
import type { Clock } from '../../src/domain/clock.ts';
import type { LegalBasis } from '../../src/domain/disclosures.ts';
import type { AuditActor } from '../../src/features/audit/record.ts';
import type { Principal } from '../../src/features/auth/principal.ts';
import { saveDraft, submitDisclosure } from '../../src/features/disclosures/service.ts';
import { itemKey } from '../../src/features/disclosures/sources/index.ts';
import { testClock } from './clock.ts';
import { createUser } from './auth.ts';

/** A principal for service calls, as the guard would build it for this user. */
export function principalOf(
  user: { id: string; name?: string },
  roles: Principal['roles'],
  hubIds: string[],
): Principal {
  return {
    userId: user.id,
    name: user.name ?? 'Test user',
    email: 'test@test.cicero.example',
    side: roles[0] ? SIDE_OF[roles[0]] : null,
    assignments: assignmentsOf(roles, hubIds),
    roles,
    hubIds,
    profession: null,
    sessionId: 'test-session',
  };
}

const actorOf = (principal: Principal): AuditActor => ({
  userId: principal.userId,
  role: principal.roles[0] ?? null,
  hubId: null,
  requestId: null,
});

/**
 * Records a with-consent, health-to-police disclosure of exactly one item through the
 * disclosure service (draft, then submit: it takes effect at once) and returns its ids.
 *
 * - `source` and `recordId` name the item (a source id of RELEASABLE_SOURCES and the record's
 *   id, e.g. 'triage_rationale' and the triage decision's id);
 * - `recipients` are police users' ids: the case's requesting officer is named as such, any
 *   police lead of the hub as police lead, anyone else as another named person;
 * - `by` decides it (an allocated clinician or hub lead of the case's hub); by default a new
 *   hub lead of the case's hub.
 */
export async function releaseItem(
  database: Database | { database: Database; clock?: Clock },
  options: {
    caseId: string;
    source: string;
    recordId: string;
    recipients: string[];
    by?: Principal;
    clock?: Clock;
    purpose?: string;
    legalBasis?: LegalBasis;
  },
): Promise<{ disclosureId: string; decidedBy: Principal }> {
  const db = 'database' in database ? database.database.db : database.db;
  const clock =
    options.clock ?? ('database' in database ? database.clock : undefined) ?? testClock();
  const facts = await db
    .selectFrom('cases')
    .select(['hub_id', 'requested_by'])
    .where('id', '=', options.caseId)
    .executeTakeFirstOrThrow();
  const by =
    options.by ??
    principalOf(
      await createUser(db, { roles: [], hubCodes: [] }).then(async (user) => {
        await db
          .transaction()
          .execute((trx) =>
            replaceAssignments(trx, user.id, [{ role: 'hub_lead', hubId: facts.hub_id }]),
          );
        return user;
      }),
      ['hub_lead'],
      [facts.hub_id],
    );
  const leads = options.recipients.length
    ? await db
        .selectFrom('role_assignments')
        .select('user_id')
        .where('role', '=', 'police_lead')
        .where('user_id', 'in', options.recipients)
        .execute()
    : [];
  const leadIds = new Set(leads.map((l) => l.user_id));
  const others = options.recipients.filter((id) => id !== facts.requested_by && !leadIds.has(id));
  const draft = await saveDraft(
    { db, clock },
    {
      actor: actorOf(by),
      principal: by,
      target: {
        caseId: options.caseId,
        direction: 'health_to_police',
        disclosureId: null,
        version: 0,
      },
      input: {
        itemKeys: [itemKey({ source: options.source, recordId: options.recordId })],
        summary: null,
        recipients: {
          caseOfficer: options.recipients.includes(facts.requested_by),
          policeLeadIds: options.recipients.filter((id) => leadIds.has(id)),
          otherIds: others,
          otherReason: others.length ? 'Needs to know to plan the joint visit' : null,
        },
        purpose: options.purpose ?? 'To help the case officer plan safe engagement',
        legalBasis: options.legalBasis ?? 'consent',
        necessity: 'Only this item is needed; the person agreed to it being shared',
        consent: 'given',
        consentNote: 'Asked at the appointment; agreed verbally',
        personTold: 'yes',
        personToldNote: null,
      },
    },
  );
  assert.equal(draft.kind, 'done', `draft saved: ${JSON.stringify(draft)}`);
  if (draft.kind !== 'done') throw new Error('draft not saved');
  const submitted = await submitDisclosure(
    { db, clock },
    {
      actor: actorOf(by),
      principal: by,
      target: {
        caseId: options.caseId,
        direction: 'health_to_police',
        disclosureId: draft.value.disclosureId,
        version: 1,
      },
      stepUpAt: null,
    },
  );
  assert.deepEqual(submitted, { kind: 'done', value: { status: 'in_effect' } });
  return { disclosureId: draft.value.disclosureId, decidedBy: by };
}
