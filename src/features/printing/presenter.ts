import type { OpenedCase } from '../../access/case-context.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/format.ts';
import { SUMMARY_ORDER, type SummaryEntry, type TimelineEvent } from '../cases/registry.ts';
import type { ReadPanel } from '../cases/service.ts';
import { releasedCards } from '../disclosures/presenter.ts';
import type { ReleasedItem } from '../disclosures/released.ts';

/** One section of the case workspace as printed: its title and the panels the viewer may see. */
export interface PrintedSection {
  title: string;
  panels: ReadPanel[];
}

/**
 * What the printed summary shows: the case's own rows (as the case page's summary list), the
 * rows panels add to it, each section's panels, and the timeline.
 */
export function summaryModel(input: {
  opened: OpenedCase;
  summary: SummaryEntry[];
  sections: PrintedSection[];
  /** Released copies shown to a viewer outside the health record (the requesting officer). */
  released?: ReleasedItem[];
  timeline: TimelineEvent[];
}) {
  const { header, visibility } = input.opened;
  const own: SummaryEntry[] = [
    { order: SUMMARY_ORDER.reference, row: summaryRow('Reference', header.reference) },
    { order: SUMMARY_ORDER.hub, row: summaryRow('Hub', header.hubName) },
    {
      order: SUMMARY_ORDER.urgency,
      row: summaryRow('Urgency', header.urgency === 'urgent' ? 'Urgent' : 'Routine'),
    },
    {
      order: SUMMARY_ORDER.requested,
      row: summaryRow('Requested', formatDateTime(header.requestedAt)),
    },
    ...(header.closedAt
      ? [
          {
            order: SUMMARY_ORDER.closed,
            row: summaryRow('Closed', formatDateTime(header.closedAt)),
          },
        ]
      : []),
  ];
  return {
    caseId: header.id,
    reference: header.reference,
    status: STATE_LABELS[header.status].text,
    // The person's name is police content, as on the case page.
    personName: visibility.police ? header.personName : null,
    summary: [...own, ...input.summary].sort((a, b) => a.order - b.order).map((e) => e.row),
    sections: input.sections,
    // As the request page's cards, without the download link (a PDF is not where to click).
    released: releasedCards(input.released ?? []).map((card) => ({ ...card, download: null })),
    timeline: input.timeline.map((e) => ({
      label: { text: e.title },
      text: e.description ?? '',
      datetime: { timestamp: e.at.toISOString(), type: 'datetime' },
      byline: e.by ? { text: e.by } : undefined,
    })),
  };
}
