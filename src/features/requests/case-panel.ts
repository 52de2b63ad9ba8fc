import { summaryRow } from '../../web/conflict.ts';
import { formatDate } from '../../web/case-format.ts';
import {
  SUMMARY_ORDER,
  summaryPart,
  type CasePanel,
  type PanelView,
  type TimelineSource,
} from '../cases/registry.ts';
import { reading } from '../../db/read-together.ts';
import { policeRequestView, readPoliceRequest } from './police-request.ts';
import { rectificationMarks, viewerOf, type RecordMark } from '../rectification/marks.ts';

type RequestPanel = PanelView &
  ReturnType<typeof policeRequestView> & { rectification: RecordMark | null };

/** The request as police made it, and the person it is about (police compartment). */
export const requestPanel: CasePanel<RequestPanel> = {
  id: 'request',
  order: 10,
  section: 'request',
  template: 'features/requests/views/case-panel.njk',
  visible: (opened) => opened.visibility.police,
  async read({ db, opened, actor }) {
    if (!opened.visibility.police) return null;
    const caseId = opened.header.id;
    // Rectification of the request's details: who may answer, and whether it is restricted.
    const marks = await rectificationMarks(db, {
      kind: 'police_request',
      caseId,
      viewer: viewerOf(actor.userId, opened),
      ids: [caseId],
    });
    return {
      ...policeRequestView(await readPoliceRequest(db, caseId)),
      rectification: marks.get(caseId) ?? null,
    };
  },
  // The person's name is the case header's (read when the case was opened); only the date of
  // birth is read here, with the other panels' rows.
  summary: summaryPart(
    ({ db, opened }) => ({
      person: reading(
        db.selectFrom('people').select('date_of_birth').where('id', '=', opened.header.personId),
      ),
    }),
    ({ opened }, rows) => {
      const person = rows.person[0];
      if (!opened.visibility.police || !person) return {};
      return {
        rows: [
          { order: SUMMARY_ORDER.person, row: summaryRow('Person', opened.header.personName) },
          {
            order: SUMMARY_ORDER.dateOfBirth,
            row: summaryRow(
              'Date of birth',
              formatDate(new Date(`${person.date_of_birth}T12:00:00Z`)),
            ),
          },
        ],
      };
    },
  ),
};

export const requestSubmittedTimeline: TimelineSource = {
  compartment: 'police',
  async events(db, caseId) {
    const row = await db
      .selectFrom('support_requests')
      .innerJoin('cases', 'cases.id', 'support_requests.case_id')
      .innerJoin('users', 'users.id', 'cases.requested_by')
      .select(['support_requests.submitted_at', 'users.name'])
      .where('support_requests.case_id', '=', caseId)
      .executeTakeFirst();
    return row
      ? [{ at: row.submitted_at, title: 'Request submitted', by: row.name, description: null }]
      : [];
  },
};
