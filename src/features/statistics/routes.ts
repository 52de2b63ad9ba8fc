import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Permission } from '../../domain/permissions.ts';
import { formErrors } from '../../web/forms.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { renderChart } from './charts.ts';
import { statisticsCsv, statisticsFilename, statisticsWorkbook } from './export.ts';
import { parsePeriod, periodValues, ukToday } from './period.ts';
import { hubChoicePage, statisticsPage } from './presenter.ts';
import type { PublishedStatistics } from './publish.ts';
import {
  hubsByIds,
  isUuid,
  listHubs,
  readStatistics,
  recordRefusedHub,
  type StatisticsView,
} from './service.ts';

const PAGE = 'features/statistics/views/statistics.njk';
const HUBS = 'features/statistics/views/hubs.njk';

export const statisticsHomeLinks: HomeLink[] = [
  {
    permission: 'statistics.national',
    text: 'Statistics',
    href: '/statistics',
    description: 'National and hub figures for evaluation, after disclosure control.',
  },
  {
    permission: 'statistics.hub',
    text: 'Hub statistics',
    href: '/statistics/hubs',
    description: "Your hub's figures for any period, after disclosure control.",
  },
];

const firstOf = (value: unknown): string => {
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first.trim() : '';
};

/**
 * Statistics for analysts (all hubs, or one) and hub leads (their own hub), with CSV and
 * spreadsheet downloads. Only published (disclosure-controlled) figures leave the service:
 * no page here links to a case or lists a record.
 */
export function statisticsRoutes({
  db,
  clock,
  parallel = false,
}: {
  db: Kysely<DB>;
  clock: Clock;
  /** Whether the queries may run on several pooled connections at once (PostgreSQL). */
  parallel?: boolean;
}): LegacyRouteDeclaration[] {
  async function charts(stats: PublishedStatistics) {
    const entries = await Promise.all(
      stats.tables.filter((t) => t.chart).map(async (t) => [t.id, await renderChart(t)] as const),
    );
    return Object.fromEntries(entries);
  }

  async function send(
    reply: FastifyReply,
    view: StatisticsView,
    stats: PublishedStatistics,
    page: () => Promise<unknown>,
  ) {
    if (view === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${statisticsFilename(stats, 'csv')}"`)
        .send(statisticsCsv(stats));
    }
    if (view === 'xlsx') {
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'Content-Disposition',
          `attachment; filename="${statisticsFilename(stats, 'xlsx')}"`,
        )
        .send(await statisticsWorkbook(stats));
    }
    return page();
  }

  /** Analysts: all hubs or the hub chosen. */
  const national =
    (view: StatisticsView) => async (request: FastifyRequest, reply: FastifyReply) => {
      const today = ukToday(clock.now());
      const hubs = await listHubs(db);
      const hub = firstOf((request.query as Record<string, unknown> | undefined)?.hub);
      const parsed = parsePeriod(request.query, today);
      const hubKnown = hub === '' || hubs.some((h) => h.id === hub);
      if (!parsed.ok || !hubKnown) {
        const pairs: [string, string][] = parsed.ok
          ? []
          : parsed.errors.summary.map((s) => [s.href.slice(1), s.text]);
        if (!hubKnown) pairs.push(['hub', 'Select a hub from the list']);
        return reply.page(
          PAGE,
          statisticsPage({
            action: '/statistics',
            today,
            values: parsed.values,
            errors: formErrors(pairs),
            hubChoice: { hubs, selected: hubKnown ? hub : '' },
          }),
          400,
        );
      }
      const stats = await readStatistics(
        db,
        clock,
        actorFor(request),
        {
          period: parsed.period,
          hubId: hub || null,
          namedClinicians: false,
          view,
        },
        { parallel },
      );
      const query = new URLSearchParams({ ...parsed.period.query, ...(hub ? { hub } : {}) });
      return send(reply, view, stats, async () =>
        reply.page(
          PAGE,
          statisticsPage({
            action: '/statistics',
            today,
            values: { ...periodValues(parsed.period.query) },
            hubChoice: { hubs, selected: hub },
            stats,
            charts: await charts(stats),
            query: query.toString(),
          }),
        ),
      );
    };

  /** Hub leads: one of their own hubs; another hub's id is not found (and recorded). */
  const hub = (view: StatisticsView) => async (request: FastifyRequest, reply: FastifyReply) => {
    const hubId = firstOf((request.params as Record<string, unknown> | undefined)?.hubId);
    const principal = request.principal!;
    if (!isUuid(hubId) || !principal.hubIds.includes(hubId)) {
      await recordRefusedHub(db, clock, actorFor(request), hubId);
      return sendProblem(request, reply, 404);
    }
    const [found] = await hubsByIds(db, [hubId]);
    if (!found) return sendProblem(request, reply, 404);
    const today = ukToday(clock.now());
    const action = `/statistics/hubs/${hubId}`;
    const backLink =
      principal.hubIds.length > 1 ? { href: '/statistics/hubs', text: 'Your hubs' } : undefined;
    const parsed = parsePeriod(request.query, today);
    if (!parsed.ok) {
      return reply.page(
        PAGE,
        statisticsPage({
          action,
          today,
          values: parsed.values,
          errors: parsed.errors,
          ...(backLink ? { backLink } : {}),
        }),
        400,
      );
    }
    const stats = await readStatistics(
      db,
      clock,
      actorFor(request, { hubId }),
      {
        period: parsed.period,
        hubId,
        namedClinicians: true,
        view,
      },
      { parallel },
    );
    return send(reply, view, stats, async () =>
      reply.page(
        PAGE,
        statisticsPage({
          action,
          today,
          values: periodValues(parsed.period.query),
          stats,
          charts: await charts(stats),
          query: new URLSearchParams(parsed.period.query).toString(),
          ...(backLink ? { backLink } : {}),
        }),
      ),
    );
  };

  const nationalAccess = { permission: 'statistics.national' as Permission };
  const hubAccess = { permission: 'statistics.hub' as Permission };
  return [
    { method: 'GET', url: '/statistics', access: nationalAccess, handler: national('page') },
    {
      method: 'GET',
      url: '/statistics/export.csv',
      access: nationalAccess,
      handler: national('csv'),
    },
    {
      method: 'GET',
      url: '/statistics/export.xlsx',
      access: nationalAccess,
      handler: national('xlsx'),
    },
    {
      method: 'GET',
      url: '/statistics/hubs',
      access: hubAccess,
      handler: async (request, reply) => {
        const hubs = await hubsByIds(db, request.principal!.hubIds);
        if (hubs.length === 1) return reply.redirect(`/statistics/hubs/${hubs[0]!.id}`, 303);
        return reply.page(HUBS, hubChoicePage(hubs));
      },
    },
    { method: 'GET', url: '/statistics/hubs/:hubId', access: hubAccess, handler: hub('page') },
    {
      method: 'GET',
      url: '/statistics/hubs/:hubId/export.csv',
      access: hubAccess,
      handler: hub('csv'),
    },
    {
      method: 'GET',
      url: '/statistics/hubs/:hubId/export.xlsx',
      access: hubAccess,
      handler: hub('xlsx'),
    },
  ];
}
