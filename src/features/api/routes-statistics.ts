import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Reporting } from '../../db/reporting.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { RouteDeclaration } from '../../web/routes.ts';
import { CATALOGUE } from '../statistics/catalogue.ts';
import { parsePeriod, PERIOD_FIELDS, ukToday } from '../statistics/period.ts';
import { DISCLOSURE_RULE } from '../statistics/published.ts';
import { listHubs, readStatistics } from '../statistics/service.ts';
import { sendInvalidJson } from './problems.ts';
import { apiRoute } from './route.ts';
import { publishedTable, tableList } from './schemas.ts';

const TAG = 'Statistics';

/** The period, as on the statistics page (the same fields and rules), and optionally a hub. */
const tableQuery = z.object({
  ...(Object.fromEntries(
    PERIOD_FIELDS.map((field) => [field, z.string().max(20).optional()]),
  ) as Record<(typeof PERIOD_FIELDS)[number], z.ZodOptional<z.ZodString>>),
  hub: z.string().max(40).optional().describe('A hub id; all hubs when absent'),
});
const tableParams = z.object({ table: z.string().max(80).describe('A table id from the list') });

/**
 * Published statistics for analysts' clients: only what the statistics page publishes, after
 * the same disclosure control; every read is audited by readStatistics.
 */
export function apiStatisticsRoutes({
  db,
  clock,
  parallel,
  reporting,
}: {
  db: Kysely<DB>;
  clock: Clock;
  parallel: boolean;
  reporting?: Reporting;
}): RouteDeclaration[] {
  return [
    apiRoute({
      method: 'GET',
      url: '/api/v1/statistics/tables',
      permission: 'statistics.national',
      scope: 'statistics:read',
      tag: TAG,
      summary: 'The published tables',
      response: {
        description: 'The catalogue of tables (no figures)',
        schema: tableList,
        example: {
          tables: [
            {
              id: CATALOGUE[0]!.id,
              section: CATALOGUE[0]!.section,
              title: CATALOGUE[0]!.title,
              definition: CATALOGUE[0]!.definition,
              links: { self: `/api/v1/statistics/tables/${CATALOGUE[0]!.id}` },
            },
          ],
        },
      },
      example: {},
      handler: () => ({
        tables: CATALOGUE.map((spec) => ({
          id: spec.id,
          section: spec.section,
          title: spec.title,
          definition: spec.definition,
          links: { self: `/api/v1/statistics/tables/${spec.id}` },
        })),
      }),
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/statistics/tables/:table',
      permission: 'statistics.national',
      scope: 'statistics:read',
      params: tableParams,
      query: tableQuery,
      tag: TAG,
      summary: 'One published table for a period, after disclosure control',
      description:
        'The period as on the statistics page: period=year&year=2025 (financial year from April), period=quarter&quarter=2025-1, period=month&month-month=6&month-year=2026, or period=custom with from-day, from-month, from-year, to-day, to-month, to-year.',
      response: {
        description: 'The table',
        schema: publishedTable,
        example: {
          period: { from: '2025-04-01', to: '2026-03-31', label: 'financial year 2025 to 2026' },
          scope: 'All hubs',
          asAt: '2026-03-31T22:59:59.999Z',
          generatedAt: '2026-06-01T09:00:00.000Z',
          disclosureRule: DISCLOSURE_RULE,
          table: {
            id: CATALOGUE[0]!.id,
            section: CATALOGUE[0]!.section,
            title: CATALOGUE[0]!.title,
            definition: CATALOGUE[0]!.definition,
            rowHeader: CATALOGUE[0]!.rowHeader,
            columns: ['West Midlands', 'All hubs'],
            rows: [
              {
                label: 'Requests',
                total: false,
                cells: [
                  { kind: 'count', value: 45, suppression: 'none' },
                  { kind: 'count', value: '*', suppression: 'primary' },
                ],
              },
            ],
          },
        },
      },
      example: { params: { table: CATALOGUE[0]!.id }, query: { period: 'year', year: '2025' } },
      handler: async ({ request, reply, actor, params, query }) => {
        if (!CATALOGUE.some((spec) => spec.id === params.table)) {
          return sendProblem(request, reply, 404);
        }
        const parsed = parsePeriod(query, ukToday(clock.now()));
        const hub = query.hub ?? '';
        const hubKnown = hub === '' || (await listHubs(db)).some((h) => h.id === hub);
        if (!parsed.ok || !hubKnown) {
          const errors = parsed.ok
            ? []
            : parsed.errors.summary.map((s) => ({ field: s.href.slice(1), message: s.text }));
          if (!hubKnown) errors.push({ field: 'hub', message: 'Use the id of a hub' });
          return sendInvalidJson(request, reply, errors);
        }
        const stats = await readStatistics({ db, clock, parallel, reporting }, actor, {
          period: parsed.period,
          hubId: hub || null,
          namedClinicians: false,
          view: 'page',
        });
        const table = stats.tables.find((t) => t.id === params.table);
        if (!table) return sendProblem(request, reply, 404);
        return {
          period: { from: stats.period.from, to: stats.period.to, label: stats.period.label },
          scope: stats.scopeLabel,
          asAt: stats.asAt.toISOString(),
          generatedAt: stats.generatedAt.toISOString(),
          disclosureRule: DISCLOSURE_RULE,
          table: {
            id: table.id,
            section: table.section,
            title: table.title,
            definition: table.definition,
            rowHeader: table.rowHeader,
            columns: table.columns,
            rows: table.rows.map((row) => ({
              label: row.label,
              total: row.total ?? false,
              cells: row.cells,
            })),
          },
        };
      },
    }),
  ];
}
