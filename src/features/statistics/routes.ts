import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Reporting } from '../../db/reporting.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import { formErrors } from '../../web/forms.ts';
import { sendProblem } from '../../web/errors.ts';
import { isUuid } from '../../web/ids.ts';
import { route, type RouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { statisticsCsv, statisticsFilename, statisticsWorkbook } from './export.ts';
import { PERIOD_FIELDS, parsePeriod, periodValues, ukToday } from './period.ts';
import { hubChoicePage, resultsPage, statisticsPage } from './presenter.ts';
import type { PublishedStatistics } from './published.ts';
import {
  hubsByIds,
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

/** A query parameter as sent: the first of a repeated one, trimmed; '' when absent. */
const parameter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim());

/**
 * The period fields (checked by parsePeriod, whose errors the page shows) and, for analysts,
 * the hub. Other parameters are ignored.
 */
const periodQuery = z.looseObject(
  Object.fromEntries(PERIOD_FIELDS.map((field) => [field, parameter])) as Record<
    (typeof PERIOD_FIELDS)[number],
    typeof parameter
  >,
);
const nationalQuery = periodQuery.extend({ hub: parameter });
/**
 * Any text: a hub id that is not one of the lead's hubs, malformed or not, is refused in the
 * handler, which records the refusal (as for another hub's id), rather than by registration.
 */
const hubParams = z.object({ hubId: z.string() });

/**
 * Statistics for analysts (all hubs, or one) and hub leads (their own hubs), with CSV and
 * spreadsheet downloads. Only published (disclosure-controlled) figures leave the service:
 * no page here links to a case or lists a record.
 */
export function statisticsRoutes({
  db,
  clock,
  parallel = false,
  reporting,
}: {
  db: Kysely<DB>;
  clock: Clock;
  /** Whether the queries may run on several pooled connections at once (PostgreSQL). */
  parallel?: boolean;
  /** The reporting replica, when one is configured (src/db/reporting.ts). */
  reporting?: Reporting;
}): RouteDeclaration[] {
  async function send(
    reply: FastifyReply,
    download: { view: StatisticsView; stats: PublishedStatistics },
    page: () => Promise<unknown>,
  ) {
    const { view, stats } = download;
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
    (view: StatisticsView) =>
    async ({ reply, actor, query }: RouteContext<unknown, z.output<typeof nationalQuery>>) => {
      const today = ukToday(clock.now());
      const hubs = await listHubs(db);
      const hub = query.hub;
      const parsed = parsePeriod(query, today);
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
      const stats = await readStatistics({ db, clock, parallel, reporting }, actor, {
        period: parsed.period,
        hubId: hub || null,
        namedClinicians: false,
        view,
      });
      const links = new URLSearchParams({ ...parsed.period.query, ...(hub ? { hub } : {}) });
      return send(reply, { view, stats }, async () =>
        reply.page(
          PAGE,
          await resultsPage({
            action: '/statistics',
            today,
            values: { ...periodValues(parsed.period.query) },
            hubChoice: { hubs, selected: hub },
            stats,
            query: links.toString(),
          }),
        ),
      );
    };

  /** Hub leads: a hub where they hold a role granting hub statistics; any other is refused. */
  const hub =
    (view: StatisticsView) =>
    async ({
      request,
      reply,
      principal,
      params,
      query,
    }: RouteContext<z.output<typeof hubParams>, z.output<typeof periodQuery>>) => {
      const { hubId } = params;
      const led = hubsGranting(principal.assignments, 'statistics.hub');
      if (!isUuid(hubId) || !led.includes(hubId)) {
        await recordRefusedHub(db, clock, actorFor(request), hubId);
        return sendProblem(request, reply, 404);
      }
      const [found] = await hubsByIds(db, [hubId]);
      if (!found) return sendProblem(request, reply, 404);
      const today = ukToday(clock.now());
      const action = `/statistics/hubs/${hubId}`;
      const backLink = led.length > 1 ? { href: '/statistics/hubs', text: 'Back' } : undefined;
      const parsed = parsePeriod(query, today);
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
        { db, clock, parallel, reporting },
        actorFor(request, { hubId }),
        {
          period: parsed.period,
          hubId,
          namedClinicians: true,
          view,
        },
      );
      return send(reply, { view, stats }, async () =>
        reply.page(
          PAGE,
          await resultsPage({
            action,
            today,
            values: periodValues(parsed.period.query),
            stats,
            query: new URLSearchParams(parsed.period.query).toString(),
            ...(backLink ? { backLink } : {}),
          }),
        ),
      );
    };

  const views = [
    ['', 'page'],
    ['/export.csv', 'csv'],
    ['/export.xlsx', 'xlsx'],
  ] as const;
  return [
    ...views.map(([suffix, view]) =>
      route({
        method: 'GET',
        url: `/statistics${suffix}`,
        permission: 'statistics.national',
        query: nationalQuery,
        handler: national(view),
      }),
    ),
    route({
      method: 'GET',
      url: '/statistics/hubs',
      permission: 'statistics.hub',
      handler: async ({ reply, principal }) => {
        const hubs = await hubsByIds(db, hubsGranting(principal.assignments, 'statistics.hub'));
        if (hubs.length === 1) return reply.redirect(`/statistics/hubs/${hubs[0]!.id}`, 303);
        return reply.page(HUBS, hubChoicePage(hubs));
      },
    }),
    ...views.map(([suffix, view]) =>
      route({
        method: 'GET',
        url: `/statistics/hubs/:hubId${suffix}`,
        permission: 'statistics.hub',
        params: hubParams,
        query: periodQuery,
        handler: hub(view),
      }),
    ),
  ];
}
