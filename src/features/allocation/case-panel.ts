import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import {
  SUMMARY_ORDER,
  type CasePanel,
  type PanelView,
  type TimelineSource,
} from '../cases/registry.ts';
import { currentAllocations } from './service.ts';

type AllocationPanel = PanelView & {
  rows: SummaryRow[];
  canAllocate: boolean;
  allocateText: string;
};

/** Who works the case (health compartment). */
export const allocationPanel: CasePanel<AllocationPanel> = {
  id: 'allocation',
  order: 50,
  section: 'summary',
  template: 'features/allocation/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const allocations = await currentAllocations(db, header.id);
    const lead = allocations.find((a) => a.role === 'lead');
    const others = allocations.filter((a) => a.role === 'other');
    return {
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
  },
  async summarise({ db, opened }) {
    if (!opened.visibility.health) return {};
    const lead = (await currentAllocations(db, opened.header.id)).find((a) => a.role === 'lead');
    return {
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
