import { CONSENT_STATUS_LABELS } from '../../domain/consent.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { LIAISON_AGENCY_TYPES, LIAISON_PURPOSES } from '../../domain/reference/liaison.ts';
import { PLAN_NEED_CATEGORIES, SERVICE_TYPES } from '../../domain/reference/plans.ts';
import type { ConsentEntry } from '../consent/service.ts';
import type { LiaisonContact } from '../liaison/service.ts';
import type { PlanVersion } from '../plans/read.ts';
import {
  ACTIVITY_STATUS,
  cicero,
  concept,
  CONSENT_CATEGORY,
  CONSENT_SCOPE_TREATMENT,
  consentStatus,
  OPT_IN,
  OPT_OUT,
} from './codes.ts';
import { profiled, urn } from './presenter-record.ts';
import type { Resource } from './types.ts';

/** The health record: Consent, CarePlan with its activities, liaison as Communication. */

interface Ids {
  self: string;
  patient: string;
  episode: string | null;
}

const permits = (status: ConsentEntry['status']) =>
  status === 'given' || status === 'lacks_capacity_best_interests';
const denies = (status: ConsentEntry['status']) => status === 'declined' || status === 'withdrawn';

/**
 * One entry of the consent history (UKCore-Consent): consent to engage with the service. The
 * entry in force is active (permit or deny); earlier entries are inactive.
 */
export function consentResource(
  entry: ConsentEntry,
  input: { ids: Ids; inForce: boolean },
): Resource {
  const { ids, inForce } = input;
  const decided = permits(entry.status) || denies(entry.status);
  const label = CONSENT_STATUS_LABELS[entry.status];
  return {
    ...profiled('Consent', ids.self),
    status: inForce ? consentStatus(entry.status) : 'inactive',
    scope: concept(CONSENT_SCOPE_TREATMENT),
    category: [{ coding: [CONSENT_CATEGORY], text: 'Consent to engage with the VSS' }],
    patient: { reference: urn(ids.patient) },
    dateTime: (entry.decidedAt ?? entry.recordedAt).toISOString(),
    ...(entry.status === 'lacks_capacity_best_interests' && entry.bestInterestsBy
      ? { performer: [{ display: entry.bestInterestsBy }] }
      : entry.status === 'not_yet_sought'
        ? {}
        : { performer: [{ reference: urn(ids.patient) }] }),
    organization: [{ display: 'Vulnerability Support Service' }],
    policyRule: decided
      ? { coding: [permits(entry.status) ? OPT_IN : OPT_OUT], text: label }
      : { text: label },
    ...(decided
      ? {
          provision: {
            type: permits(entry.status) ? 'permit' : 'deny',
            ...(ids.episode
              ? { data: [{ meaning: 'related', reference: { reference: urn(ids.episode) } }] }
              : {}),
          },
        }
      : {}),
  };
}

/** The current version of the intervention plan (UKCore-CarePlan), an activity per action. */
export function carePlanResource(
  plan: PlanVersion,
  input: { ids: Ids; caseClosed: boolean },
): Resource {
  const { ids, caseClosed } = input;
  return {
    ...profiled('CarePlan', ids.self),
    status: caseClosed ? 'completed' : plan.superseded ? 'revoked' : 'active',
    intent: 'plan',
    title: `Intervention plan, version ${plan.versionNumber}`,
    subject: { reference: urn(ids.patient) },
    ...(ids.episode ? { supportingInfo: [{ reference: urn(ids.episode) }] } : {}),
    created: plan.createdAt.toISOString(),
    author: { display: plan.createdBy },
    note: [{ text: `Review by ${plan.reviewDate}` }],
    activity: plan.needs.flatMap((need) =>
      need.actions.map((action) => ({
        detail: {
          kind: 'Task',
          reasonCode: [
            { text: `${labelOf(PLAN_NEED_CATEGORIES, need.category)}: ${need.description}` },
          ],
          status: ACTIVITY_STATUS[action.status],
          ...(action.notAchievedReason ? { statusReason: { text: action.notAchievedReason } } : {}),
          scheduledPeriod: { end: action.dueDate },
          performer: [{ display: `${action.owner}, ${action.agency}` }],
          description: `${action.description} (${labelOf(SERVICE_TYPES, action.serviceType)})`,
        },
      })),
    ),
  };
}

/** A liaison contact with another service (UKCore-Communication). */
export function liaisonResource(contact: LiaisonContact, ids: Ids): Resource {
  const vss = { display: 'Vulnerability Support Service' };
  const other = {
    display: `${contact.organisation} (${labelOf(LIAISON_AGENCY_TYPES, contact.agencyType)})`,
  };
  const outgoing = contact.direction === 'outgoing';
  return {
    ...profiled('Communication', ids.self),
    status: 'completed',
    category: [concept(cicero('communicationCategory', 'liaison', 'Liaison with another service'))],
    subject: { reference: urn(ids.patient) },
    ...(ids.episode ? { about: [{ reference: urn(ids.episode) }] } : {}),
    sent: contact.contactDate,
    recipient: [outgoing ? other : vss],
    sender: outgoing ? vss : other,
    reasonCode: [
      concept(
        cicero('liaisonPurpose', contact.purpose, labelOf(LIAISON_PURPOSES, contact.purpose)),
      ),
    ],
    payload: [{ contentString: contact.summary }],
  };
}
