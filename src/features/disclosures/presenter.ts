import {
  CONSENT_ANSWERS,
  DISCLOSURE_STATUSES,
  labelFrom,
  legalBasisLabel,
  type DisclosureDirection,
  type DisclosureStatus,
} from '../../domain/disclosures.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { FormErrors } from '../../web/forms.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { sectionPath } from '../cases/registry.ts';
import { multilineValue } from '../../web/format.ts';
import type { ReceivedCase, ReleasedItem } from './released.ts';
import { releasedDocumentHref } from '../documents/released-link.ts';

const STATUS_COLOURS: Record<DisclosureStatus, string> = {
  draft: 'grey',
  awaiting_approval: 'yellow',
  in_effect: 'green',
  refused: 'red',
  withdrawn: 'orange',
};

export const statusTag = (status: DisclosureStatus) => ({
  text: labelFrom(DISCLOSURE_STATUSES, status),
  classes: `govuk-tag--${STATUS_COLOURS[status]}`,
});

/**
 * Paths of the journey, per direction: health (to police, or outside Cicero) on the case,
 * police on the request.
 */
export const disclosurePaths = (direction: DisclosureDirection, caseId: string) => {
  const base =
    direction === 'health_to_police'
      ? `/cases/${caseId}/disclosures`
      : direction === 'health_to_external'
        ? `/cases/${caseId}/external-disclosures`
        : `/requests/${caseId}/disclosures`;
  return {
    base,
    newForm: `${base}/new`,
    record: (id: string) => `${base}/${id}`,
    edit: (id: string) => `${base}/${id}/edit`,
    submit: (id: string) => `${base}/${id}/submit`,
    withdraw: (id: string) => `${base}/${id}/withdraw`,
    back:
      direction === 'police_to_health'
        ? `/requests/${caseId}`
        : `${sectionPath(caseId, 'disclosures')}#disclosures`,
    letter: (id: string) => `${base}/${id}/letter.pdf`,
  };
};

/**
 * Where "back" goes: the case page for health; for police, the officer's own request page, or
 * the police lead's supervision page of it.
 */
export function backFor(
  direction: DisclosureDirection,
  facts: Pick<CaseHeader, 'id' | 'requestedBy'>,
  viewerId: string,
) {
  if (direction === 'police_to_health' && facts.requestedBy !== viewerId) {
    return `/supervision/${facts.id}`;
  }
  return disclosurePaths(direction, facts.id).back;
}

export const errorsOf = (errors?: FormErrors) => ({
  errorSummary: errors?.summary ?? [],
  errors: errors?.byField ?? {},
});

/** A summary-list row whose value keeps the line breaks typed into it, beside its key. */
export const preRow = (key: string, value: string | null | undefined) => {
  const row = summaryRow(key, value);
  return { key: row.key, value: multilineValue(row.value.text) };
};

/** What a source table is called where people read provenance. */
const SOURCE_TABLE_LABELS: Record<string, string> = {
  formulations: 'Formulation',
  triage_decisions: 'Triage decision',
  consents: 'Consent record',
  closure_requests: 'Closure request',
  police_updates: 'Police update',
  plan_actions: 'Plan action',
  disclosures: 'Written for this disclosure',
  health_documents: 'Document',
  police_documents: 'Document',
};
export const sourceTableLabel = (table: string) => SOURCE_TABLE_LABELS[table] ?? table;

/** Tables whose records have versions people know them by ("Formulation, version 2"). */
const VERSIONED_TABLES: Record<string, string> = {
  formulations: 'Formulation',
  plan_actions: 'Plan',
};

/**
 * The record an item was copied from, by its plain name: the kind of record, and its version
 * where records of that kind have versions. Never its internal id.
 */
export function provenanceText(item: { sourceTable: string; recordVersion: number | null }) {
  const versioned = VERSIONED_TABLES[item.sourceTable];
  return versioned && item.recordVersion
    ? `${versioned}, version ${item.recordVersion}`
    : sourceTableLabel(item.sourceTable);
}

/**
 * Released copies as cards with their provenance; withdrawn ones show only that fact, under
 * the kind of record they came from instead of their label.
 */
export function releasedCards(items: ReleasedItem[]) {
  return items.map((i) => ({
    title: i.label ?? sourceTableLabel(i.sourceTable),
    withdrawn: i.text === null,
    download: releasedDocumentHref(i),
    rows: [
      ...(i.text === null
        ? [
            preRow(
              'Withdrawn',
              `This information was withdrawn on ${formatDateTime(i.withdrawnAt!)} and is no longer shown.`,
            ),
          ]
        : [preRow('Information', i.text)]),
      preRow('Released', formatDateTime(i.releasedAt)),
      preRow(
        'Decided by',
        `${i.decidedByName ?? 'Unknown'}${i.approvedByName ? `, approved by ${i.approvedByName}` : ''}`,
      ),
      preRow('Legal basis', i.legalBasis ? legalBasisLabel(i.legalBasis) : null),
      preRow('Copied from', provenanceText(i)),
    ],
  }));
}

export function receivedPage(cases: ReceivedCase[]) {
  return {
    title: 'Information released to you',
    cases: cases.map((c) => ({
      heading: `${c.reference} (${c.hubName})`,
      items: releasedCards(c.items),
    })),
  };
}

/** The case page's table of its decisions from the health record, newest first. */
export function disclosureRows(
  caseId: string,
  rows: {
    id: string;
    direction: DisclosureDirection;
    status: DisclosureStatus;
    legal_basis: string | null;
    consent: string | null;
    created_at: Date;
    decided_at: Date | null;
    decided_by_name: string | null;
  }[],
) {
  return rows
    .filter((r) => r.direction !== 'police_to_health')
    .map((r) => ({
      to: r.direction === 'health_to_police' ? 'Police' : 'Outside Cicero',
      href: disclosurePaths(r.direction, caseId).record(r.id),
      date: formatDateTime(r.decided_at ?? r.created_at),
      status: statusTag(r.status),
      basis: r.legal_basis ? legalBasisLabel(r.legal_basis) : 'Not given',
      consent: r.consent ? labelFrom(CONSENT_ANSWERS, r.consent) : 'Not given',
      by: r.decided_by_name ?? 'Draft',
    }));
}
