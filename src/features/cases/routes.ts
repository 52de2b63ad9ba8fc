import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import type { FormErrors } from '../../web/forms.ts';
import { formInput, requiredText } from '../../web/form-fields.ts';
import { issuesOf, orderedErrors } from '../../web/form-issues.ts';
import { uuid } from '../../web/ids.ts';
import {
  caseRoute,
  route,
  type CaseRouteContext,
  type RouteDeclaration,
} from '../../web/routes.ts';
import { CASES_PAGE_SIZE, listCases, listShowsLead, readCaseListQuery } from './list.ts';
import { pageOf } from '../../web/pagination.ts';
import { CASE_SECTIONS, sectionPath, type CasePageRegistry, type CaseSection } from './registry.ts';
import { accessReasonsPage, caseListPage, casePage, reasonPage } from './presenter.ts';
import {
  ACCESS_REASONS_PAGE_SIZE,
  accessReasons,
  readCase,
  recordAccessReason,
  sectionsFor,
} from './service.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { officerNavigation, officerSectionPath, officerSections } from './workspace.ts';
import { noticeQuery, savedNotice } from '../../web/notices.ts';
import { CASE_NOTICES } from './notices.ts';

const views = 'features/cases/views';
const permission = 'case.work' as const;
const params = z.object({ caseId: uuid });
/** List queries are read leniently (list.ts): anything unknown falls back to the default. */
const lenientQuery = z.record(z.string(), z.unknown());
type SectionContext = CaseRouteContext<unknown, z.infer<typeof noticeQuery>, unknown>;
const reasonBody = z.looseObject({ _csrf: z.string().optional(), reason: z.unknown() });

const reasonForm = z.object({
  reason: requiredText(
    'Enter why you need to open this case',
    1000,
    'The reason must be 1,000 characters or fewer',
  ),
});

/**
 * Case lists, the case page (its panels and timeline sources are the features', registered in
 * app.ts), the reason asked before opening a case outside allocation.
 */
export function caseRoutes(
  deps: CasePageRegistry & { db: Kysely<DB>; clock: Clock },
): RouteDeclaration[] {
  const { db, clock, panels, timeline } = deps;

  /** A section the viewer may not see is not found, as a case they may not see is. */
  const showSection = async (
    { request, reply, actor, query, case: opened }: SectionContext,
    section: CaseSection,
  ) => {
    const sections = sectionsFor(opened, { panels, timeline });
    if (!sections.includes(section)) {
      return caseNotFound({ db, clock }, request, reply, opened.header.id);
    }
    const today = londonDate(clock.now());
    const record = await readCase({ db, clock, actor, opened, today, panels, timeline, section });
    return reply.page(`${views}/case.njk`, {
      ...casePage({ opened, record, sections }),
      savedNotice: savedNotice(CASE_NOTICES, query.done),
    });
  };

  /** A section of the case officer's view of their request (the Summary is requests/'). */
  const showOfficerSection = async (
    { request, reply, actor, case: opened }: SectionContext,
    section: CaseSection,
  ) => {
    if (!officerSections(opened).includes(section)) {
      return caseNotFound({ db, clock }, request, reply, opened.header.id);
    }
    const today = londonDate(clock.now());
    const record = await readCase({ db, clock, actor, opened, today, panels, timeline, section });
    return reply.page(`${views}/case.njk`, {
      ...casePage({ opened, record, sections: [] }),
      subNavigation: officerNavigation(opened, section),
      backHref: '/requests',
    });
  };

  const showReason = (opened: OpenedCase, form?: { value: string; errors: FormErrors }) =>
    reasonPage({ ...opened.header, caseId: opened.header.id, ...form });

  return [
    route({
      method: 'GET',
      url: '/cases',
      permission,
      query: lenientQuery,
      handler: async ({ reply, principal, query: raw }) => {
        const query = readCaseListQuery(raw);
        const { items, total } = await listCases(db, principal, query);
        return reply.page(
          `${views}/list.njk`,
          caseListPage({
            query,
            items,
            total,
            pageSize: CASES_PAGE_SIZE,
            showLead: listShowsLead(principal, query),
          }),
        );
      },
    }),
    // The case's sections show the health record: the access core answers the reason step
    // for each of them. The Summary is the case page; the others are under /section/.
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId',
      permission,
      needs: 'readHealth',
      params,
      query: noticeQuery,
      handler: (ctx) => showSection(ctx, 'summary'),
    }),
    // One address per section (no parameter but the case): every one is a route of its own.
    ...CASE_SECTIONS.filter((section) => section !== 'summary').map((section) =>
      caseRoute({
        method: 'GET',
        url: sectionPath(':caseId', section),
        permission,
        needs: 'readHealth',
        params,
        query: noticeQuery,
        handler: (ctx) => showSection(ctx, section),
      }),
    ),
    // The case officer's view of their request: its police request and timeline sections.
    ...(['request', 'timeline'] as const).map((section) =>
      caseRoute({
        method: 'GET',
        url: officerSectionPath(':caseId', section),
        permission: 'request.follow',
        needs: 'followRequest',
        params,
        query: noticeQuery,
        handler: (ctx) => showOfficerSection(ctx, section),
      }),
    ),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/reason',
      permission,
      needs: 'visible',
      params,
      handler: async ({ reply, case: opened }) => {
        // Allocated clinicians, the hub lead and those who gave a reason go straight in.
        if (!opened.reasonRequired) return reply.redirect(`/cases/${opened.header.id}`);
        return reply.page(`${views}/reason.njk`, showReason(opened));
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/reason',
      permission,
      needs: 'visible',
      params,
      body: reasonBody,
      handler: async ({ reply, actor, principal, body, case: opened }) => {
        if (!opened.reasonRequired) return reply.redirect(`/cases/${opened.header.id}`);
        const values = formInput(body, ['reason']);
        const parsed = issuesOf(reasonForm, values);
        if (!parsed.ok) {
          const errors = orderedErrors(parsed.pairs, ['reason']);
          return reply.page(
            `${views}/reason.njk`,
            showReason(opened, { value: values.reason!, errors }),
            400,
          );
        }
        await recordAccessReason(db, clock, actor, {
          principal,
          opened,
          reason: parsed.data.reason,
        });
        return reply.redirect(`/cases/${opened.header.id}`);
      },
    }),
    route({
      method: 'GET',
      url: '/audit/access-reasons',
      permission: 'audit.read',
      query: lenientQuery,
      handler: async ({ reply, actor, query }) => {
        const page = pageOf(query);
        const { total, rows } = await accessReasons(db, clock, actor, page);
        return reply.page(
          `${views}/access-reasons.njk`,
          accessReasonsPage({ rows, total, page, pageSize: ACCESS_REASONS_PAGE_SIZE }),
        );
      },
    }),
  ];
}
