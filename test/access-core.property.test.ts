import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { replaceAssignments } from '../src/access/assignments.ts';
import { openCase } from '../src/access/case-context.ts';
import type { Database } from '../src/db/database.ts';
import { caseAccess } from '../src/domain/case-access.ts';
import { STATES, type CaseState } from '../src/domain/case-state.ts';
import type { RoleAssignment } from '../src/domain/permissions.ts';
import { assignmentProblems } from '../src/domain/role-assignments.ts';
import {
  isNationalRole,
  ROLES,
  SIDE_OF,
  SIDES,
  type Role,
  type Side,
} from '../src/domain/roles.ts';
import { sessionStore } from '../src/features/auth/sessions.ts';
import { testClock } from './support/clock.ts';
import { testDatabase } from './support/database.ts';
import { insertCase } from './support/journey.ts';

/**
 * The access core, tried with generated accounts (roles held in hubs, one side each),
 * allocations, recorded reasons and case states, through the real `openCase` on a real
 * database. Whatever is generated:
 * - health content is reachable only from the health side;
 * - a case of a hub where the viewer holds no role is never reachable (unless it is their own
 *   request);
 * - a clinician of the hub who is not allocated and gave no reason must give one before any
 *   page of the case, except for the hub's triage queue and advice-only consultations;
 * - the answer is the pure rule's (domain/case-access.ts) for the facts in the database.
 */

const HUBS = ['WM', 'NW', 'LDN'] as const;
const HUB_QUEUE: readonly CaseState[] = [
  'awaiting_triage',
  'advice_only',
  'advice_closure_requested',
];

interface Scenario {
  side: Side;
  held: { role: Role; hub: (typeof HUBS)[number] }[];
  caseHub: (typeof HUBS)[number];
  status: CaseState;
  ownRequest: boolean;
  allocated: boolean;
  reason: boolean;
}

// Weighted so that each rule is met often: the health side half the time, and the case mostly
// in a hub where the viewer holds a role.
const scenario: fc.Arbitrary<Scenario> = fc
  .oneof(
    { arbitrary: fc.constant<Side>('health'), weight: 4 },
    { arbitrary: fc.constantFrom<Side>(...SIDES), weight: 4 },
  )
  .chain((side) =>
    fc
      .uniqueArray(
        fc.record({
          role: fc.constantFrom(...ROLES.filter((r) => SIDE_OF[r] === side)),
          hub: fc.constantFrom(...HUBS),
        }),
        { minLength: 1, maxLength: 4, selector: (a) => `${a.role}:${a.hub}` },
      )
      .chain((held) =>
        fc.record({
          side: fc.constant(side),
          held: fc.constant(held),
          caseHub: fc.oneof(
            { arbitrary: fc.constantFrom(...held.map((h) => h.hub)), weight: 3 },
            { arbitrary: fc.constantFrom(...HUBS), weight: 1 },
          ),
          status: fc.constantFrom(...STATES),
          ownRequest: fc.boolean(),
          allocated: fc.boolean(),
          reason: fc.boolean(),
        }),
      ),
  );

let database: Database;
let hubIds: Map<string, string>;
let otherOfficer: string;
const clock = testClock();

before(async () => {
  database = await testDatabase();
  const hubs = await database.db.selectFrom('hubs').select(['id', 'code']).execute();
  hubIds = new Map(hubs.map((h) => [h.code, h.id]));
  otherOfficer = await newUser([{ role: 'case_officer', hubId: hubIds.get('WM')! }]);
});
after(() => database.close());

async function newUser(assignments: RoleAssignment[]): Promise<string> {
  const user = await database.db
    .insertInto('users')
    .values({ email: `${randomUUID()}@test.cicero.example`, name: 'Generated Viewer' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db.transaction().execute((trx) => replaceAssignments(trx, user.id, assignments));
  return user.id;
}

function assignmentsOf(s: Scenario): RoleAssignment[] {
  const list = s.held.map((h) => ({
    role: h.role,
    hubId: isNationalRole(h.role) ? null : hubIds.get(h.hub)!,
  }));
  const unique = new Map(list.map((a) => [`${a.role}:${a.hubId}`, a]));
  // A senior clinician is a clinician of the same hub: generated accounts keep that rule.
  for (const a of [...unique.values()]) {
    if (a.role === 'senior_clinician')
      unique.set(`clinician:${a.hubId}`, { ...a, role: 'clinician' });
  }
  return [...unique.values()];
}

test('the access core over generated accounts, allocations, reasons and states', async () => {
  const sessions = sessionStore(database.db, clock, { idleMinutes: 30, absoluteHours: 12 });
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const assignments = assignmentsOf(s);
      assert.deepEqual(assignmentProblems(assignments), []);
      const viewerId = await newUser(assignments);
      const requester = s.ownRequest && s.side === 'police' ? viewerId : otherOfficer;
      const { caseId } = await insertCase(database.db, {
        hubCode: s.caseHub,
        requestedBy: requester,
        status: s.status,
      });
      const sessionId = `session-${randomUUID()}`;
      if (s.allocated && s.side === 'health') {
        await database.db
          .insertInto('allocations')
          .values({
            case_id: caseId,
            clinician_id: viewerId,
            role: 'lead',
            allocated_from: clock.now(),
            allocated_by: viewerId,
          })
          .execute();
      }
      if (s.reason && s.side === 'health') {
        await database.db
          .insertInto('case_access_reasons')
          .values({
            case_id: caseId,
            user_id: viewerId,
            session_id: sessionId,
            reason: 'Covering for a colleague',
            recorded_at: clock.now(),
          })
          .execute();
      }
      const principal = await sessions.principal({
        id: sessionId,
        userId: viewerId,
        stage: 'active',
        csrfToken: 'x',
        data: {},
        stepUpAt: null,
      });
      assert.ok(principal);
      assert.equal(principal.side, s.side);
      const opened = await openCase(database.db, principal, caseId);

      const caseHubId = hubIds.get(s.caseHub)!;
      const inCaseHub = assignments.filter((a) => a.hubId === caseHubId).map((a) => a.role);
      const ownRequest = requester === viewerId;

      // Another hub's case is never reachable, unless it is the viewer's own request.
      if (inCaseHub.length === 0 && !ownRequest) assert.equal(opened, null);
      if (!opened) return;

      // Health content only from the health side.
      const healthReach =
        opened.visibility.health ||
        opened.can.readHealth ||
        opened.can.workHealth ||
        opened.can.decideDisclosure ||
        opened.can.approveDisclosure ||
        opened.can.signOffFormulation;
      if (healthReach) assert.equal(s.side, 'health');
      if (s.side !== 'health') {
        assert.equal(opened.visibility.health, false);
        assert.equal(opened.reasonRequired, false);
      }
      // The oversight and service sides open no case at all.
      if (s.side === 'oversight' || s.side === 'service') assert.fail('opened a case');

      // The reason step: a clinician of the hub, not its lead, not allocated, without a reason.
      const clinicianHere = inCaseHub.includes('clinician') && !inCaseHub.includes('hub_lead');
      const needsReason = clinicianHere && !s.allocated && !s.reason;
      assert.equal(opened.reasonRequired, needsReason);
      if (needsReason) assert.equal(opened.can.readHealth, false);
      if (needsReason && !HUB_QUEUE.includes(s.status)) {
        // Nothing but a senior clinician's sign-off page (the submitted version alone).
        const { signOffFormulation, ...rest } = opened.can;
        assert.ok(Object.values(rest).every((v) => v === false));
        assert.equal(signOffFormulation, inCaseHub.includes('senior_clinician'));
      }

      // Working the record: the allocated clinician or the hub lead, never by reason alone.
      if (opened.can.workHealth) {
        assert.ok(
          inCaseHub.includes('hub_lead') || (s.allocated && inCaseHub.includes('clinician')),
        );
      }

      // The database's facts give the pure rule's answer.
      const pure = caseAccess({
        assignments,
        hubId: caseHubId,
        status: s.status,
        requestingCaseOfficer: ownRequest,
        allocatedClinician: s.allocated && s.side === 'health',
        recordedReason: s.reason && s.side === 'health',
        namedRecipient: false,
      });
      assert.deepEqual(opened.can, pure.can);
      assert.deepEqual(opened.visibility, pure.visibility);
    }),
    { numRuns: 250 },
  );
});
