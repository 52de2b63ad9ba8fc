import type { Option } from '../options.ts';
import type { RequestRecord } from '../service.ts';
import { urls } from '../urls.ts';
import { answerCards } from './answers.ts';
import { formatDate, row, STATUS_TAGS } from './format.ts';

/**
 * The shared part of a case as its requesting officer sees it. Advice, released items and the
 * closure summary are added by their own features; until then they are empty.
 */
export interface SharedPart {
  advice: { date: string; author: string; text: string }[];
  releasedItems: { date: string; title: string; text: string }[];
  closureSummary: { date: string; outcome: string; text: string } | null;
}

export const NOTHING_SHARED_YET: SharedPart = {
  advice: [],
  releasedItems: [],
  closureSummary: null,
};

/** A request page: the shared part (status and what the hub shared) and the police part. */
export function requestPage(
  record: RequestRecord,
  options: { concernTypes: Option[]; shared?: SharedPart },
) {
  const p = record.person;
  const s = record.supportRequest;
  return {
    title: `Request ${record.reference}`,
    reference: record.reference,
    backHref: urls.myRequests(),
    status: STATUS_TAGS[record.status],
    summary: {
      rows: [
        row('Status', STATUS_TAGS[record.status].text),
        row('VSS hub', record.hubName),
        row('Requested', formatDate(record.requestedAt)),
        row('Re-referral', record.isReReferral ? 'Yes, the person had an earlier request' : 'No'),
      ],
    },
    shared: options.shared ?? NOTHING_SHARED_YET,
    police: answerCards(
      {
        person: {
          givenName: p.given_name,
          familyName: p.family_name,
          otherNames: p.other_names,
          dateOfBirth: p.date_of_birth,
          nhsNumber: p.nhs_number,
          gender: p.gender,
          ethnicity: p.ethnicity,
          postcodeDistrict: p.postcode_district,
          firstLanguage: p.first_language,
          communicationNeeds: p.communication_needs,
        },
        prevent: {
          pcmtReference: s.pcmt_reference,
          preventStage: s.prevent_stage,
          gatewayDate: s.gateway_date,
          channelReference: s.channel_reference,
        },
        referral: { referralSector: s.referral_sector, concernType: s.concern_type },
        concerns: {
          concernsSeen: s.concerns_seen,
          supportReason: s.support_reason,
          gpPractice: s.gp_practice,
          mentalHealthTeam: s.mental_health_team,
        },
        urgency: {
          personAware: s.person_aware,
          urgency: record.urgency,
          urgencyReason: s.urgency_reason,
        },
      },
      { concernTypes: options.concernTypes },
    ),
  };
}
