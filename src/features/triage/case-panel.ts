import { TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { durationText, formatDateTime } from '../../web/case-format.ts';
import {
  SUMMARY_ORDER,
  summaryPart,
  type CasePanel,
  type PanelView,
  type TimelineSource,
} from '../cases/registry.ts';
import { decisionLabel } from './presenter.ts';
import { triageDecisionOf } from './service.ts';
import { reading } from '../../db/read-together.ts';

type TriagePanel = PanelView & { rows: SummaryRow[] | null };

/** The triage decision (health compartment). */
export const triagePanel: CasePanel<TriagePanel> = {
  id: 'triage',
  order: 40,
  section: 'assessment',
  template: 'features/triage/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const triage = await triageDecisionOf(db, opened.header.id);
    if (!triage) return { rows: null };
    return {
      rows: [
        summaryRow('Decision', decisionLabel(triage.decision)),
        summaryRow('Rationale', triage.rationale),
        ...(triage.signposting ? [summaryRow('Signposting', triage.signposting)] : []),
        ...(triage.diverted_to
          ? [
              summaryRow('Diverted to', triage.diverted_to),
              summaryRow(
                'Diverted at',
                triage.diverted_at ? formatDateTime(triage.diverted_at) : null,
              ),
            ]
          : []),
        summaryRow('Decided by', triage.decided_by_name),
        summaryRow('Decided', formatDateTime(triage.decided_at)),
        summaryRow('Time to triage', durationText(triage.seconds_to_triage)),
      ],
    };
  },
  summary: summaryPart(
    ({ db, opened }) => ({
      triage: reading(
        db
          .selectFrom('triage_decisions')
          .select('decided_at')
          .where('case_id', '=', opened.header.id),
        ['decided_at'],
      ),
    }),
    ({ opened }, rows) => {
      const triage = rows.triage[0];
      if (!opened.visibility.health || !triage) return {};
      const row = summaryRow('Triaged', formatDateTime(triage.decided_at));
      return { rows: [{ order: SUMMARY_ORDER.triaged, row }] };
    },
  ),
};

export const triageTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const row = await db
      .selectFrom('triage_decisions')
      .innerJoin('users', 'users.id', 'triage_decisions.decided_by')
      .select(['triage_decisions.decision', 'triage_decisions.decided_at', 'users.name'])
      .where('triage_decisions.case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) return [];
    const label = TRIAGE_DECISIONS.find((d) => d.code === row.decision)?.label ?? row.decision;
    return [{ at: row.decided_at, title: `Triaged: ${label}`, by: row.name, description: null }];
  },
};
