/**
 * Examples for the OpenAPI document and docs/api.md: synthetic people only, ids made up.
 * The contract test sends REQUEST_EXAMPLE itself, so the example is known to be accepted.
 */
export const EXAMPLE_CASE_ID = '3b6f1e1e-8a4c-4a57-9d0e-5c1f2a7b9d10';

export const REQUEST_EXAMPLE = {
  person: {
    givenName: 'Testy',
    familyName: 'McTestface',
    otherNames: null,
    dateOfBirth: '1999-02-03',
    nhsNumber: null,
    gender: 'male',
    ethnicity: 'not_stated',
    postcodeDistrict: 'B15',
    firstLanguage: 'English',
    communicationNeeds: null,
  },
  prevent: {
    pcmtReference: 'PCMT-0001',
    preventStage: 'police_led',
    gatewayDate: '2026-05-01',
    channelReference: null,
  },
  referral: { referralSector: 'education', concernType: 'conflicted' },
  concerns: {
    concernsSeen: 'Low mood and withdrawal noticed by his college tutor.',
    supportReason: 'Advice on how best to engage him.',
    gpPractice: null,
    mentalHealthTeam: null,
  },
  urgency: { personAware: 'yes', urgency: 'routine', urgencyReason: null },
};

const links = {
  self: `/api/v1/requests/${EXAMPLE_CASE_ID}`,
  advice: `/api/v1/requests/${EXAMPLE_CASE_ID}/advice`,
  closureSummary: `/api/v1/requests/${EXAMPLE_CASE_ID}/closure-summary`,
};

export const examples = {
  createdRequest: {
    caseId: EXAMPLE_CASE_ID,
    reference: 'VSS-WM-2026-0042',
    hubName: 'West Midlands',
    urgency: 'routine',
    links,
  },
  requestStatus: {
    caseId: EXAMPLE_CASE_ID,
    reference: 'VSS-WM-2026-0042',
    hubName: 'West Midlands',
    status: 'open',
    urgency: 'routine',
    requestedAt: '2026-05-02T09:15:00.000Z',
    isReReferral: false,
    feedbackAnswered: false,
    links,
  },
  advice: {
    caseId: EXAMPLE_CASE_ID,
    advice: [
      {
        id: '5d2b7c8e-1f3a-4b6c-9d8e-0a1b2c3d4e5f',
        kind: 'communication_strategy',
        title: 'Approach',
        body: 'Meet him at college with his tutor present; keep the first meeting short.',
        avoid: 'Home visits without notice.',
        involve: 'His tutor.',
        givenAt: '2026-05-09',
        authorName: 'Clinician Synthetic',
      },
    ],
  },
  releasedItems: {
    caseId: EXAMPLE_CASE_ID,
    items: [
      {
        id: '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
        label: 'Plan action: weekly contact with the community mental health team',
        text: 'Weekly contact with the community mental health team, reviewed monthly.',
        releasedAt: '2026-06-01T10:00:00.000Z',
        withdrawnAt: null,
        legalBasis: 'consent',
        decidedByName: 'Clinician Synthetic',
        approvedByName: null,
      },
    ],
  },
  closureSummary: {
    caseId: EXAMPLE_CASE_ID,
    closed: true,
    closureSummary: {
      outcome: 'Engaged with mainstream services',
      summary: 'He is registered with his GP and in contact with the local wellbeing service.',
      approvedAt: '2026-09-30T14:00:00.000Z',
    },
  },
};
