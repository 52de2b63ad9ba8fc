import { CLOSURE_OUTCOMES } from '../../domain/reference/case-outcomes.ts';
import type { CaseExport } from './export.ts';
import {
  administrativeGender,
  cicero,
  CICERO_SYSTEMS,
  concept,
  episodeStatus,
  NHS_NUMBER_NOT_TRACED,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_URL,
  PROFILES,
} from './codes.ts';
import type { Resource } from './types.ts';

/** Patient, ServiceRequest and EpisodeOfCare: the person, the request and the episode. */

const profiled = (type: keyof typeof PROFILES, id: string) => ({
  resourceType: type,
  id,
  meta: { profile: [PROFILES[type]] },
});

const urn = (id: string) => `urn:uuid:${id}`;

/** The person as police described them (UKCore-Patient), with the NHS number when given. */
export function patientResource(person: NonNullable<CaseExport['person']>, id: string): Resource {
  return {
    ...profiled('Patient', id),
    ...(person.nhsNumber
      ? {
          identifier: [
            {
              extension: [
                {
                  url: NHS_NUMBER_VERIFICATION_URL,
                  valueCodeableConcept: concept(NHS_NUMBER_NOT_TRACED),
                },
              ],
              system: NHS_NUMBER_SYSTEM,
              value: person.nhsNumber,
            },
          ],
        }
      : {}),
    name: [
      { use: 'official', family: person.familyName, given: [person.givenName] },
      ...(person.otherNames ? [{ text: person.otherNames }] : []),
    ],
    gender: administrativeGender(person.gender),
    birthDate: person.dateOfBirth,
  };
}

/** The police request (UKCore-ServiceRequest): the order for VSS support. */
export function serviceRequestResource(
  data: CaseExport,
  ids: { self: string; patient: string },
): Resource {
  const { header, request } = data;
  return {
    ...profiled('ServiceRequest', ids.self),
    identifier: [
      { system: CICERO_SYSTEMS.caseReference, value: header.reference },
      ...(request ? [{ system: CICERO_SYSTEMS.pcmtReference, value: request.pcmtReference }] : []),
    ],
    status: header.status === 'closed' ? 'completed' : 'active',
    intent: 'order',
    priority: header.urgency,
    code: { text: 'Vulnerability Support Service support' },
    subject: { reference: urn(ids.patient) },
    authoredOn: (request?.submittedAt ?? header.requestedAt).toISOString(),
    requester: { display: 'Counter-terrorism policing case officer' },
    performer: [{ display: `Vulnerability Support Service, ${header.hubName}` }],
    ...(request
      ? {
          reasonCode: [{ text: request.supportReason }],
          note: [{ text: `Mental health or wellbeing concerns seen: ${request.concernsSeen}` }],
        }
      : {}),
  };
}

/** The episode (UKCore-EpisodeOfCare): its state, period and, once closed, the outcome. */
export function episodeResource(
  data: CaseExport,
  ids: { self: string; patient: string; request: string | null },
): Resource {
  const { header } = data;
  const closure = data.shared?.closureSummary ?? null;
  const outcome = closure ? CLOSURE_OUTCOMES.find((o) => o.code === closure.outcome) : undefined;
  return {
    ...profiled('EpisodeOfCare', ids.self),
    ...(closure
      ? {
          extension: [
            {
              url: CICERO_SYSTEMS.episodeOutcome,
              valueCodeableConcept: concept(
                cicero('closureOutcome', closure.outcome, outcome?.label ?? closure.outcome),
              ),
            },
          ],
        }
      : {}),
    identifier: [{ system: CICERO_SYSTEMS.caseReference, value: header.reference }],
    status: episodeStatus(header.status),
    type: [{ text: 'Vulnerability Support Service' }],
    patient: { reference: urn(ids.patient) },
    managingOrganization: { display: `Vulnerability Support Service, ${header.hubName}` },
    period: {
      start: header.requestedAt.toISOString(),
      ...(header.closedAt ? { end: header.closedAt.toISOString() } : {}),
    },
    ...(ids.request ? { referralRequest: [{ reference: urn(ids.request) }] } : {}),
  };
}

export { profiled, urn };
