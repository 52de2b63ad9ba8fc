import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import {
  SUMMARY_ORDER,
  readPart,
  summaryPart,
  type CasePanel,
  type PanelView,
  type TimelineSource,
} from '../cases/registry.ts';
import { currentAllocationsFrom, currentAllocationsQuery, type AllocationRow } from './service.ts';
import { reading, type Reading } from '../../db/read-together.ts';

type AllocationPanel = PanelView & {
  rows: SummaryRow[];
  canAllocate: boolean;
  allocateText: string;
};

/** The panel's view on the Summary, and its rows of the summary list, from one reading. */
const allocationSummary = summaryPart<{ allocations: Reading<AllocationRow> }, AllocationPanel>(
  // Read only for those who see the panel (readSummaries asks visible panels alone).
  ({ db, opened }) => ({
    allocations: reading(currentAllocationsQuery(db, opened.header.id), ['allocated_from']),
  }),
  ({ opened }, rows) => {
    if (!opened.visibility.health) return { view: null };
    const { header, can } = opened;
    const allocations = currentAllocationsFrom(rows.allocations);
    const lead = allocations.find((a) => a.role === 'lead');
    const others = allocations.filter((a) => a.role === 'other');
    const view: AllocationPanel = {
      rows: [
        summaryRow('Lead practitioner', lead?.name ?? 'Not allocated'),
        summaryRow('Other clinicians', others.map((o) => o.name).join(', ') || 'None'),
      ],
      // The form checks again; this only says where the next step is.
      canAllocate:
        can.allocate &&
        (header.status === 'awaiting_allocation' ||
          header.status === 'open' ||
          header.status === 'reopened'),
      allocateText: header.status === 'awaiting_allocation' ? 'Allocate' : 'Reallocate',
    };
    return {
      view,
      rows: [
        {
          order: SUMMARY_ORDER.leadPractitioner,
          row: summaryRow('Lead practitioner', lead?.name ?? 'Not allocated'),
        },
        ...(lead
          ? [
              {
                order: SUMMARY_ORDER.allocated,
                row: summaryRow('Allocated', formatDateTime(lead.from)),
              },
            ]
          : []),
      ],
    };
  },
);

/** Who works the case (health compartment). */
export const allocationPanel: CasePanel<AllocationPanel> = {
  id: 'allocation',
  order: 50,
  section: 'summary',
  template: 'features/allocation/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  read: (ctx) => readPart(allocationSummary, ctx),
  summary: allocationSummary,
};

export const allocationTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('allocations')
      .innerJoin('users as clinician', 'clinician.id', 'allocations.clinician_id')
      .innerJoin('users as by', 'by.id', 'allocations.allocated_by')
      .select([
        'allocations.role',
        'allocations.allocated_from',
        'clinician.name as clinician',
        'by.name as by',
      ])
      .where('allocations.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.allocated_from,
      title: `Allocated to ${r.clinician}`,
      by: r.by,
      description: r.role === 'lead' ? 'Lead practitioner' : 'Other clinician',
    }));
  },
};
