import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  COMPARTMENTS,
  TABLE_COMPARTMENTS,
  compartmentOfTable,
  isCaseTable,
  seesAnything,
  tablesOf,
  visibleCompartments,
  type CaseRelation,
  type Visibility,
} from './compartments.ts';
import { ROLES, type Role } from './roles.ts';

const NONE: CaseRelation = {
  sameHub: false,
  requestingCaseOfficer: false,
  allocatedClinician: false,
  recordedReason: false,
  namedRecipient: false,
};

/** The relations that occur in practice, plus inconsistent ones that must not grant more. */
const RELATIONS = {
  otherHub: NONE,
  sameHub: { ...NONE, sameHub: true },
  requester: { ...NONE, sameHub: true, requestingCaseOfficer: true },
  requesterMovedHub: { ...NONE, requestingCaseOfficer: true },
  allocated: { ...NONE, sameHub: true, allocatedClinician: true },
  reason: { ...NONE, sameHub: true, recordedReason: true },
  recipient: { ...NONE, sameHub: true, namedRecipient: true },
  recipientOtherHub: { ...NONE, namedRecipient: true },
  allocatedOtherHub: { ...NONE, allocatedClinician: true },
  reasonOtherHub: { ...NONE, recordedReason: true },
} satisfies Record<string, CaseRelation>;
type RelationName = keyof typeof RELATIONS;

/** "PHS/all": police, health, shared, and which released items; "/none": nothing. */
const show = (v: Visibility): string =>
  `${v.police ? 'P' : ''}${v.health ? 'H' : ''}${v.shared ? 'S' : ''}/${v.releasedItems}`;

const ADDR = 'addressed_to_viewer';
// prettier-ignore
const EXPECTED: Record<Role, Record<RelationName, string>> = {
  case_officer: {
    otherHub: '/none', sameHub: '/none', requester: `PS/${ADDR}`, requesterMovedHub: `PS/${ADDR}`,
    allocated: '/none', reason: '/none', recipient: `/${ADDR}`, recipientOtherHub: `/${ADDR}`,
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  police_lead: {
    otherHub: '/none', sameHub: `PS/${ADDR}`, requester: `PS/${ADDR}`, requesterMovedHub: '/none',
    allocated: `PS/${ADDR}`, reason: `PS/${ADDR}`, recipient: `PS/${ADDR}`, recipientOtherHub: `/${ADDR}`,
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  clinician: {
    otherHub: '/none', sameHub: `PS/${ADDR}`, requester: `PS/${ADDR}`, requesterMovedHub: '/none',
    allocated: 'PHS/all', reason: 'PHS/all', recipient: `PS/${ADDR}`, recipientOtherHub: `/${ADDR}`,
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  senior_clinician: {
    otherHub: '/none', sameHub: '/none', requester: '/none', requesterMovedHub: '/none',
    allocated: '/none', reason: '/none', recipient: '/none', recipientOtherHub: '/none',
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  hub_lead: {
    otherHub: '/none', sameHub: 'PHS/all', requester: 'PHS/all', requesterMovedHub: '/none',
    allocated: 'PHS/all', reason: 'PHS/all', recipient: 'PHS/all', recipientOtherHub: `/${ADDR}`,
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  analyst: {
    otherHub: '/none', sameHub: '/none', requester: '/none', requesterMovedHub: '/none',
    allocated: '/none', reason: '/none', recipient: '/none', recipientOtherHub: '/none',
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  ig_officer: {
    otherHub: '/none', sameHub: '/none', requester: '/none', requesterMovedHub: '/none',
    allocated: '/none', reason: '/none', recipient: '/none', recipientOtherHub: '/none',
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
  admin: {
    otherHub: '/none', sameHub: '/none', requester: '/none', requesterMovedHub: '/none',
    allocated: '/none', reason: '/none', recipient: '/none', recipientOtherHub: '/none',
    allocatedOtherHub: '/none', reasonOtherHub: '/none',
  },
};

test('every role × relation gives exactly the expected compartments', () => {
  for (const role of ROLES) {
    for (const [name, relation] of Object.entries(RELATIONS) as [RelationName, CaseRelation][]) {
      assert.equal(
        show(visibleCompartments([role], relation)),
        EXPECTED[role][name],
        `${role} ${name}`,
      );
    }
  }
});

/** All 32 combinations of the five facts. */
const ALL_RELATIONS: CaseRelation[] = Array.from({ length: 32 }, (_, bits) => ({
  sameHub: (bits & 1) !== 0,
  requestingCaseOfficer: (bits & 2) !== 0,
  allocatedClinician: (bits & 4) !== 0,
  recordedReason: (bits & 8) !== 0,
  namedRecipient: (bits & 16) !== 0,
}));

test('over every relation: police roles never see health; analyst, IG and admin see nothing', () => {
  for (const relation of ALL_RELATIONS) {
    for (const role of ['case_officer', 'police_lead'] as const) {
      const v = visibleCompartments([role], relation);
      assert.equal(v.health, false);
      assert.notEqual(v.releasedItems, 'all');
    }
    for (const role of ['analyst', 'ig_officer', 'admin'] as const) {
      assert.equal(seesAnything(visibleCompartments([role], relation)), false);
    }
  }
});

test('over every relation: another hub gives nothing but an own request or addressed items', () => {
  for (const relation of ALL_RELATIONS.filter((r) => !r.sameHub)) {
    for (const role of ROLES) {
      const v = visibleCompartments([role], relation);
      assert.equal(v.health, false, role);
      if (!(role === 'case_officer' && relation.requestingCaseOfficer)) {
        assert.equal(v.police || v.shared, false, role);
      }
    }
  }
});

test('over every relation: a clinician sees health, and every released copy, only when allocated or with a reason', () => {
  for (const relation of ALL_RELATIONS) {
    const v = visibleCompartments(['clinician'], relation);
    const ofTheCase = relation.sameHub && (relation.allocatedClinician || relation.recordedReason);
    assert.equal(v.health, ofTheCase);
    assert.equal(v.releasedItems === 'all', ofTheCase);
  }
});

test('over every relation: a senior clinician sees a case exactly as the clinician they also are', () => {
  for (const relation of ALL_RELATIONS) {
    assert.deepEqual(
      visibleCompartments(['clinician', 'senior_clinician'], relation),
      visibleCompartments(['clinician'], relation),
    );
  }
});

const rank = { none: 0, addressed_to_viewer: 1, all: 2 } as const;
const covers = (big: Visibility, small: Visibility) =>
  (big.police || !small.police) &&
  (big.health || !small.health) &&
  (big.shared || !small.shared) &&
  rank[big.releasedItems] >= rank[small.releasedItems];

test('property: an extra relation or an extra role never takes visibility away', () => {
  const roles = fc.subarray([...ROLES]);
  const relation = fc.constantFrom(...ALL_RELATIONS);
  const fact = fc.constantFrom(...(Object.keys(NONE) as (keyof CaseRelation)[]));
  fc.assert(
    fc.property(roles, relation, fact, fc.constantFrom(...ROLES), (rs, rel, extra, role) => {
      const before = visibleCompartments(rs, rel);
      return (
        covers(visibleCompartments(rs, { ...rel, [extra]: true }), before) &&
        covers(visibleCompartments([...rs, role], rel), before)
      );
    }),
  );
});

test('property: several roles see exactly the union of what each sees', () => {
  fc.assert(
    fc.property(fc.subarray([...ROLES]), fc.constantFrom(...ALL_RELATIONS), (rs, rel) => {
      const together = visibleCompartments(rs, rel);
      const singles = rs.map((role) => visibleCompartments([role], rel));
      return (
        together.police === singles.some((v) => v.police) &&
        together.health === singles.some((v) => v.health) &&
        together.shared === singles.some((v) => v.shared) &&
        rank[together.releasedItems] === Math.max(0, ...singles.map((v) => rank[v.releasedItems]))
      );
    }),
  );
  assert.equal(seesAnything(visibleCompartments([], RELATIONS.allocated)), false);
});

test('tables are declared with their compartment; an undeclared table throws', () => {
  assert.equal(compartmentOfTable('support_requests'), 'police');
  assert.equal(compartmentOfTable('formulations'), 'health');
  assert.equal(compartmentOfTable('allocations'), 'health');
  assert.equal(compartmentOfTable('released_items'), 'shared');
  assert.throws(() => compartmentOfTable('clinical_gossip'), /no declared compartment/);
  assert.throws(() => compartmentOfTable('constructor'), /no declared compartment/);
  assert.throws(() => compartmentOfTable('toString'), /no declared compartment/);
  assert.ok(isCaseTable('cases'));
  assert.ok(!isCaseTable('__proto__'));
});

test('each table is in exactly one compartment and every compartment has tables', () => {
  const all = COMPARTMENTS.flatMap((c) => tablesOf(c));
  assert.deepEqual(all.sort(), Object.keys(TABLE_COMPARTMENTS).sort());
  assert.deepEqual(tablesOf('police'), [
    'support_requests',
    'police_updates',
    'closure_feedback',
    'police_documents',
    'request_reassignments',
    'police_rectifications',
    // The police records gathered for a subject access request (issue 15).
    'subject_access_police_items',
  ]);
  assert.deepEqual(tablesOf('shared'), [
    'cases',
    'advice',
    'closure_summaries',
    'released_items',
    'disclosure_recipients',
  ]);
  for (const c of COMPARTMENTS) assert.ok(tablesOf(c).length > 0);
});
