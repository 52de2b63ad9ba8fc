import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourcesOf, validateBundle } from '../../../test/support/fhir.ts';
import { EXAMPLE_BUNDLE } from './example.ts';
import type { CaseExport } from './export.ts';
import { auditBundle } from './presenter-audit.ts';
import { bundleFilename, caseBundle } from './presenter.ts';

let n = 0;
const stamp = () => ({
  id: '10000000-0000-4000-8000-000000000000',
  at: new Date('2026-06-01T09:00:00.000Z'),
  uuid: () => `20000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
});

const released = (over: Partial<CaseExport['released'][number]>) => ({
  id: 'r1',
  disclosureId: 'd1',
  caseId: 'c1',
  direction: 'health_to_police' as const,
  label: 'Plan action: weekly sessions',
  text: 'Weekly sessions with the care coordinator',
  releasedAt: new Date('2026-05-30T10:00:00Z'),
  withdrawnAt: null,
  sourceTable: 'plan_actions',
  recordId: 'p1',
  recordVersion: 1,
  decidedByName: 'Clinician Synthetic',
  approvedByName: 'Hub Lead Synthetic',
  legalBasis: 'consent',
  ...over,
});

/** A synthetic closed case with every part, as a viewer who may see all of it gets it. */
const everything: CaseExport = {
  header: {
    id: 'c1',
    reference: 'WM-2026-0001',
    hubName: 'West Midlands',
    status: 'closed',
    urgency: 'urgent',
    requestedAt: new Date('2026-05-20T10:00:00Z'),
    closedAt: new Date('2026-06-01T08:00:00Z'),
  },
  person: {
    givenName: 'Testy',
    familyName: 'McTestface',
    otherNames: 'T. Mac',
    dateOfBirth: '1999-02-03',
    nhsNumber: '9434765919',
    gender: 'not_stated',
  },
  request: {
    pcmtReference: 'PCMT-1',
    submittedAt: new Date('2026-05-20T10:00:00Z'),
    concernsSeen: 'Low mood',
    supportReason: 'Advice on engagement',
  },
  shared: {
    advice: [
      {
        id: 'a1',
        kind: 'communication_strategy',
        title: null,
        body: 'Meet at the GP surgery',
        avoid: 'Home visits',
        involve: 'The GP',
        givenAt: '2026-05-25',
        authorName: 'Clinician Synthetic',
      },
    ],
    closureSummary: {
      outcome: 'supported_then_discharged',
      summary: 'Supported, then discharged',
      approvedAt: new Date('2026-06-01T08:00:00Z'),
    },
  },
  health: {
    consents: [
      {
        status: 'not_yet_sought',
        method: null,
        decidedAt: null,
        bestInterestsBy: null,
        note: null,
        recordedBy: 'C',
        recordedAt: new Date('2026-05-21T10:00:00Z'),
      },
      {
        status: 'given',
        method: 'verbal',
        decidedAt: new Date('2026-05-22T10:00:00Z'),
        bestInterestsBy: null,
        note: null,
        recordedBy: 'C',
        recordedAt: new Date('2026-05-22T10:00:00Z'),
      },
    ],
    plan: {
      id: 'p',
      versionNumber: 1,
      reviewDate: '2026-08-01',
      createdBy: 'Clinician Synthetic',
      createdAt: new Date('2026-05-23T10:00:00Z'),
      superseded: false,
      needs: [
        {
          id: 'n1',
          category: 'access_to_services',
          description: 'Low mood',
          actions: [
            {
              id: 'x1',
              lineageId: 'x1',
              needId: 'n1',
              description: 'Weekly sessions',
              serviceType: 'mental_health',
              agency: 'CMHT',
              owner: 'Care coordinator',
              dueDate: '2026-07-01',
              status: 'not_achieved',
              notAchievedReason: 'Moved away',
              source: 'plan',
              version: 1,
            },
          ],
        },
      ],
    },
    liaison: [
      {
        id: 'l1',
        contactDate: '2026-05-28',
        agencyType: 'gp_primary_care',
        organisation: 'Ladywood Health Centre',
        direction: 'incoming',
        purpose: 'care_coordination',
        summary: 'GP called',
        onBehalf: true,
        consentCovers: true,
        recordedBy: 'C',
        recordedAt: new Date('2026-05-28T10:00:00Z'),
        updatedBy: null,
        updatedAt: null,
        version: 1,
      },
    ],
  },
  released: [
    released({}),
    released({
      id: 'r2',
      label: null,
      text: null,
      disclosureId: 'd2',
      approvedByName: null,
      withdrawnAt: new Date('2026-05-31T10:00:00Z'),
    }),
  ],
};

describe('FHIR presenters', () => {
  it('a case with every part: a valid R4 UK Core collection, entries referring to each other', () => {
    const bundle = caseBundle(everything, stamp());
    const resources = validateBundle(bundle);
    const types = resources.map((r) => r.resourceType);
    assert.deepEqual([...new Set(types)].sort(), [
      'CarePlan',
      'Communication',
      'Consent',
      'EpisodeOfCare',
      'Patient',
      'Provenance',
      'ServiceRequest',
    ]);
    const [patient] = resourcesOf(bundle, 'Patient');
    assert.equal(patient!.gender, 'unknown');
    assert.deepEqual(
      (patient!.identifier as { system: string; value: string }[])[0]!.system,
      'https://fhir.nhs.uk/Id/nhs-number',
    );
    const [episode] = resourcesOf(bundle, 'EpisodeOfCare');
    assert.equal(episode!.status, 'finished');
    assert.deepEqual(episode!.period, {
      start: '2026-05-20T10:00:00.000Z',
      end: '2026-06-01T08:00:00.000Z',
    });
    assert.match(JSON.stringify(episode!.extension), /supported_then_discharged/);
    const consents = resourcesOf(bundle, 'Consent');
    assert.deepEqual(
      consents.map((c) => c.status),
      ['inactive', 'active'],
    );
    const [plan] = resourcesOf(bundle, 'CarePlan');
    assert.equal(plan!.status, 'completed');
    assert.match(JSON.stringify(plan!.activity), /"status":"stopped".*Moved away/);
    const provenance = resourcesOf(bundle, 'Provenance');
    assert.equal(provenance.length, 2, 'one Provenance per disclosure decision');
    const withdrawn = resourcesOf(bundle, 'Communication').find((c) => c.status === 'stopped');
    assert.ok(withdrawn && !('payload' in withdrawn), 'a withdrawn copy carries no text');
  });

  it('a viewer of the police and shared parts only: no health resource', () => {
    const bundle = caseBundle({ ...everything, health: null, released: [] }, stamp());
    const types = validateBundle(bundle).map((r) => r.resourceType);
    for (const health of ['Consent', 'CarePlan']) assert.ok(!types.includes(health), health);
    assert.doesNotMatch(JSON.stringify(bundle), /Ladywood|Weekly sessions|consentscope/);
  });

  it('a copy released to a service outside Cicero: sent by the VSS, to that service', () => {
    const external = released({ id: 'r3', disclosureId: 'd3', direction: 'health_to_external' });
    const bundle = caseBundle({ ...everything, released: [external] }, stamp());
    validateBundle(bundle);
    const [sent] = resourcesOf(bundle, 'Communication').filter((c) =>
      JSON.stringify(c.payload ?? []).includes('Weekly sessions'),
    );
    assert.deepEqual(sent!.recipient, [
      { display: 'A service outside Cicero named in the decision' },
    ]);
    assert.doesNotMatch(JSON.stringify(sent!.sender), /policing/);
  });

  it('no NHS number: a Patient without identifier, still valid', () => {
    const person = { ...everything.person!, nhsNumber: null };
    const bundle = caseBundle({ ...everything, person }, stamp());
    validateBundle(bundle);
    assert.equal(resourcesOf(bundle, 'Patient')[0]!.identifier, undefined);
  });

  it('the OpenAPI example is a valid bundle', () => {
    validateBundle(EXAMPLE_BUNDLE);
  });

  it('AuditEvents of an access log are valid', () => {
    const row = (over: Record<string, unknown>) => ({
      id: 'e',
      occurredAt: new Date('2026-06-01T09:00:00Z'),
      actorUserId: '30000000-0000-4000-8000-000000000001',
      actorName: 'Ig Synthetic',
      actorRole: 'clinician',
      hubCode: 'WM',
      action: 'consultation',
      subjectType: 'case',
      subjectId: 'c1',
      personId: 'p1',
      reason: 'Covering a colleague',
      outcome: 'success',
      requestId: null,
      detail: {},
      ...over,
    });
    const bundle = auditBundle(
      [
        row({}),
        row({
          action: 'denial',
          outcome: 'denied',
          actorUserId: null,
          actorRole: null,
          personId: null,
          reason: null,
        }),
      ],
      stamp(),
    );
    const events = validateBundle(bundle);
    assert.deepEqual(
      events.map((e) => e.action),
      ['R', 'E'],
    );
    assert.deepEqual(
      events.map((e) => e.outcome),
      ['0', '4'],
    );
  });

  it('the file name holds the reference and the day only', () => {
    assert.equal(
      bundleFilename('WM-2026-0001', new Date('2026-06-01T09:00:00Z')),
      'cicero-WM-2026-0001-fhir-2026-06-01.json',
    );
  });
});

describe('the validation helper fails on a broken bundle', () => {
  const broken = (
    change: (bundle: { entry: { resource: Record<string, unknown>; fullUrl: string }[] }) => void,
    pattern: RegExp,
  ) => {
    const bundle = structuredClone(caseBundle(everything, stamp())) as never;
    change(bundle);
    assert.throws(() => validateBundle(bundle), pattern);
  };
  const find = (bundle: { entry: { resource: Record<string, unknown> }[] }, type: string) =>
    bundle.entry.find((e) => e.resource.resourceType === type)!.resource;

  it('an element R4 does not have', () =>
    broken((b) => {
      find(b, 'Patient').favouriteColour = 'blue';
    }, /favouriteColour/));
  it('a required element missing (Consent.scope)', () =>
    broken((b) => {
      delete find(b, 'Consent').scope;
    }, /scope/));
  it('a FHIRPath invariant broken (ppc-1: no policy)', () =>
    broken((b) => {
      delete find(b, 'Consent').policyRule;
    }, /ppc-1/));
  it('the wrong NHS number system', () =>
    broken((b) => {
      (find(b, 'Patient').identifier as { system: string }[])[0]!.system =
        'https://example.org/nhs';
    }, /nhs-number/));
  it('an NHS number failing its check digit', () =>
    broken((b) => {
      (find(b, 'Patient').identifier as { value: string }[])[0]!.value = '9434765918';
    }, /valid NHS number/));
  it('no verification status', () =>
    broken((b) => {
      delete (find(b, 'Patient').identifier as { extension?: unknown }[])[0]!.extension;
    }, /verification status/));
  it('a wrong profile URL', () =>
    broken((b) => {
      find(b, 'CarePlan').meta = {
        profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Careplan'],
      };
    }, /meta.profile/));
  it('a code outside a required value set', () =>
    broken((b) => {
      find(b, 'EpisodeOfCare').status = 'closed';
    }, /required value set|status/));
  it('a coding without a system', () =>
    broken((b) => {
      delete (find(b, 'Consent').scope as { coding: { system?: string }[] }).coding[0]!.system;
    }, /system/));
  it('a reference to no entry', () =>
    broken((b) => {
      find(b, 'ServiceRequest').subject = {
        reference: 'urn:uuid:99999999-0000-4000-8000-000000000000',
      };
    }, /not an entry/));
  it('a fullUrl that is not a urn:uuid', () =>
    broken((b) => {
      b.entry[0]!.fullUrl = 'Patient/1';
    }, /urn:uuid/));
});
