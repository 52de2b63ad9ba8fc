import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { formatNhsNumber } from '../../domain/nhs-number.ts';
import {
  DEFAULT_CONCERN_TYPES,
  ETHNICITIES,
  GENDERS,
  labelOf,
  PERSON_AWARE,
  PREVENT_STAGES,
  REFERRAL_SECTORS,
} from './options.ts';
import { formatDate, formatDateTime } from '../../web/case-format.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The police compartment of a case: the person as police described them, the request and the
 * police updates. Callers check the viewer may see the police compartment first.
 */
export async function readPoliceRequest(db: Executor, caseId: string) {
  const row = await db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .innerJoin('support_requests', 'support_requests.case_id', 'cases.id')
    .select([
      'cases.previous_case_id',
      'people.given_name',
      'people.family_name',
      'people.other_names',
      'people.date_of_birth',
      'people.nhs_number',
      'people.gender',
      'people.ethnicity',
      'people.postcode_district',
      'people.first_language',
      'people.communication_needs',
      'support_requests.pcmt_reference',
      'support_requests.prevent_stage',
      'support_requests.gateway_date',
      'support_requests.channel_reference',
      'support_requests.referral_sector',
      'support_requests.concern_type',
      'support_requests.concerns_seen',
      'support_requests.support_reason',
      'support_requests.gp_practice',
      'support_requests.mental_health_team',
      'support_requests.person_aware',
      'support_requests.urgency_reason',
      'support_requests.submitted_at',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const updates = await db
    .selectFrom('police_updates')
    .innerJoin('users', 'users.id', 'police_updates.author_id')
    .select(['police_updates.body', 'police_updates.created_at', 'users.name as author'])
    .where('police_updates.case_id', '=', caseId)
    .orderBy('police_updates.created_at')
    .execute();
  return { ...row, updates };
}

export type PoliceRequest = Awaited<ReturnType<typeof readPoliceRequest>>;

const row = (key: string, value: string | null | undefined) => ({
  key: { text: key },
  value: { text: value === null || value === undefined || value === '' ? 'Not given' : value },
});

const isoDateText = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`));

/** Summary-list rows of the request, as police made it. */
export function policeRequestView(request: PoliceRequest) {
  return {
    personName: `${request.given_name} ${request.family_name}`,
    person: [
      row('Name', `${request.given_name} ${request.family_name}`),
      row('Other names', request.other_names),
      row('Date of birth', isoDateText(request.date_of_birth)),
      row('NHS number', request.nhs_number ? formatNhsNumber(request.nhs_number) : null),
      row('Gender', labelOf(GENDERS, request.gender)),
      row('Ethnicity', labelOf(ETHNICITIES, request.ethnicity)),
      row('Postcode district', request.postcode_district ?? 'Not known'),
      row('First language', request.first_language ?? 'Not known'),
      row('Communication needs', request.communication_needs),
    ],
    request: [
      row('Submitted', formatDateTime(request.submitted_at)),
      row('Re-referral', request.previous_case_id ? 'Yes' : 'No'),
      row('PCMT reference', request.pcmt_reference),
      row('Prevent stage', labelOf(PREVENT_STAGES, request.prevent_stage)),
      row('Gateway date', isoDateText(request.gateway_date)),
      row('Channel reference', request.channel_reference),
      row('Referral sector', labelOf(REFERRAL_SECTORS, request.referral_sector)),
      row('Type of concern', labelOf(DEFAULT_CONCERN_TYPES, request.concern_type)),
      row('Mental health or wellbeing concerns seen', request.concerns_seen),
      row('Why support is requested', request.support_reason),
      row('GP practice', request.gp_practice),
      row('Mental health team', request.mental_health_team),
      row('Person knows of the request', labelOf(PERSON_AWARE, request.person_aware)),
      row('Why it is urgent', request.urgency_reason),
    ],
    updates: request.updates.map((u) => ({
      when: formatDateTime(u.created_at),
      author: u.author,
      body: u.body,
    })),
  };
}
