import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../domain/clock.ts';
import { formErrors } from '../../web/forms.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { auditCsv, auditCsvFilename } from './csv.ts';
import { parseFilters } from './filters.ts';
import { presentAuditSearch, presentRecordLog } from './presenter.ts';
import type { AuditActor } from './record.ts';
import { AUDIT_EXPORT_LIMIT, searchAuditLog } from './search.ts';

const SEARCH = 'features/audit/views/search.njk';
const RECORD = 'features/audit/views/record.njk';

const recordParams = z.object({
  subjectType: z.string().regex(/^[a-z][a-z_]{0,39}$/),
  subjectId: z.string().min(1).max(100),
});
const pageQuery = z
  .object({
    page: z
      .string()
      .regex(/^\d{1,5}$/)
      .optional(),
  })
  .loose();

/**
 * The information governance officer's pages: search the audit log, the access log of one
 * record, and a CSV export. Each view is itself recorded in the audit log.
 * `actorOf` says who is asking (the sign-in layer's actorFor).
 */
export function auditRoutes(deps: {
  database: Database;
  clock: Clock;
  actorOf: (request: FastifyRequest) => AuditActor;
}): LegacyRouteDeclaration[] {
  const { database, clock, actorOf } = deps;
  const access = { permission: 'audit.read' } as const;

  const search = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseFilters(request.query);
    if (!parsed.ok) {
      return reply.page(
        SEARCH,
        presentAuditSearch({ values: parsed.values, errors: parsed.errors }),
        400,
      );
    }
    const result = await searchAuditLog(database.db, clock, actorOf(request), {
      filters: parsed.filters,
      page: parsed.page,
      view: 'search',
    });
    return reply.page(
      SEARCH,
      presentAuditSearch({ values: parsed.values, result, page: parsed.page }),
    );
  };

  const record = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = recordParams.safeParse(request.params);
    const query = pageQuery.safeParse(request.query);
    if (!params.success || !query.success) return sendProblem(request, reply, 404);
    const page = Math.max(1, Number(query.data.page ?? '1'));
    const { subjectType, subjectId } = params.data;
    const result = await searchAuditLog(database.db, clock, actorOf(request), {
      filters: { subjectType, subjectId },
      page,
      view: 'record',
    });
    return reply.page(RECORD, presentRecordLog({ subjectType, subjectId, result, page }));
  };

  const exportCsv = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseFilters(request.query);
    if (!parsed.ok) {
      return reply.page(
        SEARCH,
        presentAuditSearch({ values: parsed.values, errors: parsed.errors }),
        400,
      );
    }
    const result = await searchAuditLog(database.db, clock, actorOf(request), {
      filters: parsed.filters,
      view: 'export',
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
    { method: 'GET', url: '/audit', access, handler: search },
    { method: 'GET', url: '/audit/records/:subjectType/:subjectId', access, handler: record },
    { method: 'GET', url: '/audit/export.csv', access, handler: exportCsv },
  ];
}
