import { allowedActions } from '../../domain/case-state.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { sql } from 'kysely';
import { reading } from '../../db/read-together.ts';
import {
  readPart,
  summaryPart,
  type CasePanel,
  type PanelSummaryPart,
  type PanelView,
  type TimelineSource,
} from '../cases/registry.ts';
import { closureUrls, outcomeLabel } from './presenter.ts';

type ClosurePanel = PanelView & {
  summaryRows: SummaryRow[] | null;
  pending: boolean;
  canRequestClosure: boolean;
  /** Issue 15: the hub lead may reopen a closed case; when it was reopened, if it is not closed. */
  reopenHref: string | null;
  reopened: string | null;
};

/**
 * The panel's view and the "What needs doing" fact, from one reading of each table: the
 * pending request, the approved summary (shared: only for those who see it) and the latest
 * reopening (none on a closed case).
 */
const closureSummary = summaryPart(
  ({ db, opened }) => {
    const { header, visibility } = opened;
    return {
      pending: reading(
        db
          .selectFrom('closure_requests')
          .select('id')
          .where('case_id', '=', header.id)
          .where('decision', '=', 'pending')
          .limit(1),
      ),
      closed: reading(
        db
          .selectFrom('closure_summaries')
          .select(['outcome', 'summary', 'approved_at'])
          .where('case_id', '=', header.id)
          .$if(!visibility.shared, (q) => q.where(sql<boolean>`false`)),
        ['approved_at'],
      ),
      reopening: reading(
        db
          .selectFrom('case_reopenings')
          .select('reopened_at')
          .where('case_id', '=', header.id)
          .$if(header.status === 'closed', (q) => q.where(sql<boolean>`false`))
          .orderBy('reopened_at', 'desc')
          .limit(1),
        ['reopened_at'],
      ),
    };
  },
  ({ opened }, rows): PanelSummaryPart<ClosurePanel> => {
    if (!opened.visibility.health) return { view: null };
    const { header, can } = opened;
    const pending = rows.pending.length > 0;
    const closed = rows.closed[0];
    const reopening = rows.reopening[0];
    return {
      view: {
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
      },
      facts: { closure: { pending, href: closureUrls.review(header.id) } },
    };
  },
);

/** Closure: the approved summary (shared), or a request waiting for the hub lead (health). */
export const closurePanel: CasePanel<ClosurePanel> = {
  id: 'closure',
  order: 80,
  section: 'summary',
  template: 'features/closure/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  read: (ctx) => readPart(closureSummary, ctx),
  summary: closureSummary,
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
