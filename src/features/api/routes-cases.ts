import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { STATES } from '../../domain/case-state.ts';
import type { RouteDeclaration } from '../../web/routes.ts';
import { CASES_PAGE_SIZE, listCases, TABS } from '../cases/list.ts';
import { readCaseForApi } from './case-read.ts';
import { EXAMPLE_CASE_ID } from './examples.ts';
import { sendInvalidJson } from './problems.ts';
import { apiRoute } from './route.ts';
import { caseDetail, caseIdParams, caseList } from './schemas.ts';

const TAG = 'Cases (health)';

/** The opaque cursor of the next page: clients pass it back as given. */
export const cursorOf = (page: number) => Buffer.from(`page:${page}`).toString('base64url');
export function pageOfCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return 1;
  const match = /^page:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const page = match ? Number(match[1]) : 0;
  return page >= 1 ? page : null;
}

const listQuery = z.object({
  tab: z
    .enum(TABS)
    .default('open')
    .describe('mine: allocated to the viewer; unallocated; open (default); closed'),
  status: z.enum(STATES).optional(),
  urgency: z.enum(['routine', 'urgent']).optional(),
  cursor: z.string().max(100).optional().describe('From links.next of the page before'),
});

/**
 * Cases for health-side clients: the hub's cases list (filtered in SQL by the hubs where the
 * viewer's roles grant working cases, as the Cases page), and one case as the access core
 * opens it for the viewer.
 */
export function apiCaseRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  return [
    apiRoute({
      method: 'GET',
      url: '/api/v1/cases',
      permission: 'case.work',
      scope: 'cases:read',
      query: listQuery,
      tag: TAG,
      summary: "The hub's cases, newest request first, a page at a time",
      description:
        'Cursor pagination: follow `links.next` (null on the last page). The filters stay in the link.',
      response: {
        description: 'One page of cases',
        schema: caseList,
        example: {
          items: [
            {
              caseId: EXAMPLE_CASE_ID,
              reference: 'VSS-WM-2026-0042',
              personName: 'Testy McTestface',
              hubName: 'West Midlands',
              status: 'open',
              urgency: 'routine',
              requestedAt: '2026-05-02T09:15:00.000Z',
              lead: 'Clinician Synthetic',
              links: { self: `/api/v1/cases/${EXAMPLE_CASE_ID}` },
            },
          ],
          total: 1,
          links: { next: null },
        },
      },
      example: { query: { tab: 'open', urgency: 'urgent' } },
      handler: async ({ request, reply, principal, query }) => {
        const page = pageOfCursor(query.cursor);
        if (page === null) {
          return sendInvalidJson(request, reply, [
            { field: 'cursor', message: 'Use the cursor of links.next as given' },
          ]);
        }
        const { items, total, pageSize } = await listPage(db, principal, { ...query, page });
        const more = page * pageSize < total;
        const next = new URLSearchParams({
          tab: query.tab,
          ...(query.status ? { status: query.status } : {}),
          ...(query.urgency ? { urgency: query.urgency } : {}),
          cursor: cursorOf(page + 1),
        });
        return {
          items: items.map((item) => ({
            caseId: item.id,
            reference: item.reference,
            personName: item.personName,
            hubName: item.hubName,
            status: item.status,
            urgency: item.urgency,
            requestedAt: item.requestedAt.toISOString(),
            lead: item.seesLead ? item.lead : null,
            links: { self: `/api/v1/cases/${item.id}` },
          })),
          total,
          links: { next: more ? `/api/v1/cases?${next.toString()}` : null },
        };
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/cases/:caseId',
      permission: 'case.work',
      scope: 'cases:read',
      needs: 'visible',
      params: caseIdParams,
      tag: TAG,
      summary: 'A case, as the viewer may see it',
      description:
        'The header and the compartments the access core lets the viewer read. The health record is in the FHIR bundle (links.fhir), for those who may read it.',
      response: {
        description: 'The case',
        schema: caseDetail,
        example: {
          caseId: EXAMPLE_CASE_ID,
          reference: 'VSS-WM-2026-0042',
          hubName: 'West Midlands',
          personName: 'Testy McTestface',
          status: 'open',
          urgency: 'routine',
          requestedAt: '2026-05-02T09:15:00.000Z',
          closedAt: null,
          version: 7,
          access: { readPolice: true, readShared: true, readHealth: true, reasonRequired: false },
          shared: { advice: [], closureSummary: null },
          policeUpdates: [],
          links: {
            self: `/api/v1/cases/${EXAMPLE_CASE_ID}`,
            fhir: `/api/v1/cases/${EXAMPLE_CASE_ID}/fhir`,
          },
        },
      },
      example: { params: { caseId: EXAMPLE_CASE_ID } },
      handler: ({ actor, case: opened }) => readCaseForApi({ db, clock }, { actor, opened }),
    }),
  ];
}

async function listPage(
  db: Kysely<DB>,
  principal: Parameters<typeof listCases>[1],
  query: z.output<typeof listQuery> & { page: number },
) {
  const { items, total } = await listCases(db, principal, {
    tab: query.tab,
    status: query.status ?? null,
    urgency: query.urgency ?? null,
    sort: 'requested',
    order: 'desc',
    page: query.page,
  });
  return { items, total, pageSize: CASES_PAGE_SIZE };
}
