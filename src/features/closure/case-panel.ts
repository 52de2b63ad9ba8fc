import { allowedActions } from '../../domain/case-state.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import type { CasePanel, PanelView, TimelineSource } from '../cases/registry.ts';
import { closureUrls, outcomeLabel } from './presenter.ts';

type ClosurePanel = PanelView & {
  summaryRows: SummaryRow[] | null;
  pending: boolean;
  canRequestClosure: boolean;
  /** Issue 15: the hub lead may reopen a closed case; when it was reopened, if it is not closed. */
  reopenHref: string | null;
  reopened: string | null;
};

/** Closure: the approved summary (shared), or a request waiting for the hub lead (health). */
export const closurePanel: CasePanel<ClosurePanel> = {
  id: 'closure',
  order: 80,
  section: 'summary',
  template: 'features/closure/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can, visibility } = opened;
    const pendingRow = await db
      .selectFrom('closure_requests')
      .select('id')
      .where('case_id', '=', header.id)
      .where('decision', '=', 'pending')
      .executeTakeFirst();
    const pending = pendingRow !== undefined;
    const closed = visibility.shared
      ? await db
          .selectFrom('closure_summaries')
          .select(['outcome', 'summary', 'approved_at'])
          .where('case_id', '=', header.id)
          .executeTakeFirst()
      : undefined;
    const reopening =
      header.status === 'closed'
        ? undefined
        : await db
            .selectFrom('case_reopenings')
            .select('reopened_at')
            .where('case_id', '=', header.id)
            .orderBy('reopened_at', 'desc')
            .executeTakeFirst();
    return {
      reopened: reopening
        ? `Reopened on ${formatDateTime(reopening.reopened_at)}. The closure below is the earlier one.`
        : null,
      summaryRows: closed
        ? [
            summaryRow('Outcome', outcomeLabel(closed.outcome)),
            summaryRow('Summary for the case officer', closed.summary),
            summaryRow('Approved', formatDateTime(closed.approved_at)),
          ]
        : null,
      pending,
      // The form checks again; this only says where the next step is.
      canRequestClosure:
        can.workHealth && !pending && allowedActions(header.status).includes('request_closure'),
      reopenHref:
        can.approveClosure && allowedActions(header.status).includes('reopen')
          ? `/cases/${header.id}/reopen`
          : null,
    };
  },
  async summarise({ db, opened }) {
    if (!opened.visibility.health) return {};
    const pending = await db
      .selectFrom('closure_requests')
      .select('id')
      .where('case_id', '=', opened.header.id)
      .where('decision', '=', 'pending')
      .executeTakeFirst();
    const href = closureUrls.review(opened.header.id);
    return { facts: { closure: { pending: pending !== undefined, href } } };
  },
};

/** Closure requests hold the closing notes (health): only their dates and decisions show. */
export const closureRequestsTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('closure_requests')
      .innerJoin('users as by', 'by.id', 'closure_requests.requested_by')
      .leftJoin('users as decider', 'decider.id', 'closure_requests.decided_by')
      .select([
        'closure_requests.requested_at',
        'closure_requests.decision',
        'closure_requests.decided_at',
        'by.name as by',
        'decider.name as decider',
      ])
      .where('closure_requests.case_id', '=', caseId)
      .execute();
    return rows.flatMap((r) => [
      { at: r.requested_at, title: 'Closure requested', by: r.by, description: null },
      ...(r.decision === 'returned' && r.decided_at
        ? [
            {
              at: r.decided_at,
              title: 'Closure request returned',
              by: r.decider,
              description: null,
            },
          ]
        : []),
    ]);
  },
};

/**
 * The approved closure is shared: the officer is told the case closed. So is a reopening
 * (issue 15), without its reason (the hub's), and the earlier closure it undid stays on the
 * timeline (a later closure replaces the summary row, not the reopening's record of it).
 */
export const caseClosedTimeline: TimelineSource = {
  compartment: 'shared',
  async events(db, caseId) {
    const row = await db
      .selectFrom('closure_summaries')
      .innerJoin('users', 'users.id', 'closure_summaries.approved_by')
      .select(['closure_summaries.approved_at', 'users.name'])
      .where('closure_summaries.case_id', '=', caseId)
      .executeTakeFirst();
    const reopenings = await db
      .selectFrom('case_reopenings')
      .innerJoin('users', 'users.id', 'case_reopenings.reopened_by')
      .select([
        'case_reopenings.reopened_at',
        'case_reopenings.closed_at',
        'case_reopenings.closure_outcome',
        'users.name',
      ])
      .where('case_reopenings.case_id', '=', caseId)
      .execute();
    const current = row?.approved_at.getTime();
    return [
      ...(row
        ? [{ at: row.approved_at, title: 'Case closed', by: row.name, description: null }]
        : []),
      ...reopenings.flatMap((r) => [
        { at: r.reopened_at, title: 'Case reopened', by: r.name, description: null },
        // An earlier closure whose summary a later one replaced.
        ...(r.closure_outcome !== null && r.closed_at.getTime() !== current
          ? [{ at: r.closed_at, title: 'Case closed', by: null, description: null }]
          : []),
      ]),
    ];
  },
};
