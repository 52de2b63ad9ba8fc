import { EXAMPLE_CASE_ID } from '../api/examples.ts';
import type { CaseExport } from './export.ts';
import { caseBundle } from './presenter.ts';

/**
 * The example of the FHIR operation in the OpenAPI document, made by the presenter itself
 * from a synthetic case (so it cannot drift from what the route returns), with fixed ids.
 */
const at = new Date('2026-06-01T09:00:00.000Z');
let n = 0;
const fixedUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const synthetic: CaseExport = {
  header: {
    id: EXAMPLE_CASE_ID,
    reference: 'VSS-WM-2026-0042',
    hubName: 'West Midlands',
    status: 'open',
    urgency: 'routine',
    requestedAt: new Date('2026-05-02T09:15:00.000Z'),
    closedAt: null,
  },
  person: {
    givenName: 'Testy',
    familyName: 'McTestface',
    otherNames: null,
    dateOfBirth: '1999-02-03',
    nhsNumber: '9434765919',
    gender: 'male',
  },
  request: {
    pcmtReference: 'PCMT-0001',
    submittedAt: new Date('2026-05-02T09:15:00.000Z'),
    concernsSeen: 'Low mood at school',
    supportReason: 'Advice on engagement',
  },
  shared: { advice: [], closureSummary: null },
  health: null,
  released: [],
};

export const EXAMPLE_BUNDLE = caseBundle(synthetic, {
  id: '00000000-0000-4000-8000-000000000000',
  at,
  uuid: fixedUuid,
});
