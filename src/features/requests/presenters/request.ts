import { isOpenState } from '../../../domain/case-state.ts';
import { adviceContentRows } from '../../advice/presenter.ts';
import type { SummaryRow } from '../../../web/conflict.ts';
import { outcomeLabel } from '../../closure/presenter.ts';
import { releasedCards } from '../../disclosures/presenter.ts';
import type { Option } from '../options.ts';
import type { RequestRecord } from '../service.ts';
import type { SharedFacts } from '../shared.ts';
import { urls } from '../urls.ts';
import { answerCards } from './answers.ts';
import { formatDate, row, STATUS_TAGS } from './format.ts';

/**
 * The shared part of a case as its requesting officer sees it, with what they can do next.
 * Released items are the copies a disclosure decision released to them by name.
 */
export interface SharedPart {
  advice: { date: string; author: string; text: string }[];
  /** Communication strategies: advice of its own kind, shown apart (see features/advice). */
  strategies: { title: string; rows: SummaryRow[] }[];
  releasedItems: ReturnType<typeof releasedCards>;
  closureSummary: { date: string; outcome: string; text: string } | null;
  actions: { text: string; href: string }[];
  /** Once closed and not yet answered: the feedback question, the page's call to action. */
  feedbackHref: string | null;
}

export const NOTHING_SHARED_YET: SharedPart = {
  advice: [],
  strategies: [],
  releasedItems: [],
  closureSummary: null,
  actions: [],
  feedbackHref: null,
};

/** The shared part from what the hub shared: police updates while open, feedback once closed. */
export function sharedPartView(
  caseId: string,
  status: RequestRecord['status'],
  facts: SharedFacts,
): SharedPart {
  const summary = facts.closureSummary;
  return {
    advice: facts.advice
      .filter((a) => a.kind === 'advice')
      .map((a) => ({
        date: formatDate(a.givenAt),
        author: a.authorName,
        text: a.title ? `${a.title}: ${a.body}` : a.body,
      })),
    strategies: facts.advice
      .filter((a) => a.kind === 'communication_strategy')
      .map((a) => ({
        title: `${a.title ?? 'Communication strategy'} – ${formatDate(a.givenAt)} – ${a.authorName}`,
        rows: adviceContentRows(a),
      })),
    releasedItems: releasedCards(facts.released ?? []),
    closureSummary: summary
      ? {
          date: formatDate(summary.approvedAt),
          outcome: outcomeLabel(summary.outcome),
          text: summary.summary,
        }
      : null,
    actions: [
      ...(isOpenState(status)
        ? [
            { text: 'Add a police update', href: `/requests/${caseId}/updates/new` },
            {
              text: 'Share information with the clinical team',
              href: `/requests/${caseId}/disclosures/new`,
            },
          ]
        : []),
    ],
    feedbackHref:
      status === 'closed' && !facts.feedbackAnswered ? `/requests/${caseId}/feedback` : null,
  };
}

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
