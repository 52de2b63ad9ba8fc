import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../domain/clock.ts';
import { formErrors } from '../../web/forms.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import {
  exportBody,
  exportReasonGiven,
  showExportReason,
  type ExportPage,
} from './export-reason.ts';
import { auditCsv, auditCsvFilename } from './csv.ts';
import { parseFilters, type ParsedFilters } from './filters.ts';
import { presentAuditSearch, presentRecordLog } from './presenter.ts';
import type { AuditActor } from './record.ts';
import { AUDIT_EXPORT_LIMIT, searchAuditLog } from './search.ts';

const SEARCH = 'features/audit/views/search.njk';
const RECORD = 'features/audit/views/record.njk';

/** A record's path: anything else (a NUL, a quote, an over-long id) is a 404, never a 500. */
const recordParams = z.object({
  subjectType: z.string().regex(/^[a-z][a-z_-]{0,39}$/),
  subjectId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/),
});
const pageQuery = z.looseObject({
  page: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional()
    .catch(undefined),
});

const searchBody = z.looseObject({ _csrf: z.string().optional() });

/** A GET naming a user by email address: refused (400), so such URLs are never bookmarked. */
function refuseEmailInUrl(parsed: ParsedFilters, method: 'GET' | 'POST'): ParsedFilters {
  if (method === 'POST' || !parsed.ok || !parsed.filters.user || !('email' in parsed.filters.user))
    return parsed;
  return {
    ok: false,
    values: { ...parsed.values, user: '' },
    errors: formErrors([
      ['user', 'Enter the email address in the form and select Search, not in the page address'],
    ]),
  };
}

/**
 * The information governance officer's pages: search the audit log, the access log of one
 * record, and a CSV export. Each view is itself recorded in the audit log.
 */
export function auditRoutes(deps: {
  database: Database;
  clock: Clock;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { database, clock, requireFreshCode } = deps;
  const permission = 'audit.read' as const;

  /**
   * The search form is sent by POST, so an email address searched for stays out of the URL. The
   * pagination and export links carry the user's id instead (GET, no personal data); a GET that
   * names an email address is refused without searching.
   */
  const search = async (ctx: {
    input: unknown;
    reply: FastifyReply;
    actor: AuditActor;
    method: 'GET' | 'POST';
  }) => {
    const { reply } = ctx;
    const parsed = refuseEmailInUrl(parseFilters(ctx.input), ctx.method);
    if (!parsed.ok) {
      return reply.page(
        SEARCH,
        presentAuditSearch({ values: parsed.values, errors: parsed.errors }),
        400,
      );
    }
    const result = await searchAuditLog(database.db, clock, ctx.actor, {
      filters: parsed.filters,
      page: parsed.page,
      view: 'search',
    });
    const linkValues =
      parsed.filters.user && 'email' in parsed.filters.user
        ? { ...parsed.values, user: result.userId ?? '' }
        : parsed.values;
    return reply.page(
      SEARCH,
      presentAuditSearch({ values: parsed.values, result, page: parsed.page, linkValues }),
    );
  };

  const exportPage: ExportPage = {
    title: 'Download the audit log',
    description: 'A CSV file of the audit events that match your search.',
    action: '/audit/export.csv',
    backHref: '/audit',
  };

  /**
   * The export: the GET shows the reason page (the search's filters carried along); the POST
   * checks the filters, asks the reason and a fresh code, then sends the file.
   */
  const exportCsv = async (ctx: {
    input: unknown;
    request: FastifyRequest;
    reply: FastifyReply;
    actor: AuditActor;
    method: 'GET' | 'POST';
  }) => {
    const { reply } = ctx;
    const parsed = refuseEmailInUrl(parseFilters(ctx.input), ctx.method);
    if (!parsed.ok) {
      return reply.page(
        SEARCH,
        presentAuditSearch({ values: parsed.values, errors: parsed.errors }),
        400,
      );
    }
    if (ctx.method === 'GET') return showExportReason(reply, exportPage, { filters: ctx.input });
    const reason = await exportReasonGiven(
      { request: ctx.request, reply, body: ctx.input },
      requireFreshCode,
      exportPage,
    );
    if (reason === null) return reply;
    const result = await searchAuditLog(database.db, clock, ctx.actor, {
      filters: parsed.filters,
      view: 'export',
      reason,
    });
    if (result.tooMany) {
      const errors = formErrors([
        [
          'user',
          `There are ${result.total} matching events; a download can hold ${AUDIT_EXPORT_LIMIT}. Narrow the search`,
        ],
      ]);
      return reply.page(SEARCH, presentAuditSearch({ values: parsed.values, errors }), 400);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${auditCsvFilename(clock.now())}"`)
      .send(auditCsv(result.rows));
  };

  return [
    route({
      method: 'GET',
      url: '/audit',
      permission,
      query: z.looseObject({}),
      handler: ({ query, reply, actor }) => search({ input: query, reply, actor, method: 'GET' }),
    }),
    route({
      method: 'POST',
      url: '/audit',
      permission,
      body: searchBody,
      handler: ({ body, reply, actor }) => search({ input: body, reply, actor, method: 'POST' }),
    }),
    route({
      method: 'GET',
      url: '/audit/records/:subjectType/:subjectId',
      permission,
      params: recordParams,
      query: pageQuery,
      handler: async ({ reply, params, query, actor }) => {
        const page = Math.max(1, Number(query.page ?? '1'));
        const { subjectType, subjectId } = params;
        const result = await searchAuditLog(database.db, clock, actor, {
          filters: { subjectType, subjectId },
          page,
          view: 'record',
        });
        return reply.page(RECORD, presentRecordLog({ subjectType, subjectId, result, page }));
      },
    }),
    route({
      method: 'GET',
      url: '/audit/export.csv',
      permission,
      query: z.looseObject({}),
      handler: ({ query, request, reply, actor }) =>
        exportCsv({ input: query, request, reply, actor, method: 'GET' }),
    }),
    route({
      method: 'POST',
      url: '/audit/export.csv',
      permission,
      body: exportBody,
      handler: ({ body, request, reply, actor }) =>
        exportCsv({ input: body, request, reply, actor, method: 'POST' }),
    }),
  ];
}
