import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { parseSearch } from '../../domain/search-query.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { searchPage } from './presenter.ts';
import { searchCases } from './service.ts';

const VIEW = 'features/search/views/search.njk';
const permission = 'case.search' as const;

/** Read leniently: the search reads `q` and `page` itself and answers a GOV.UK error. */
const searchBody = z.looseObject({
  _csrf: z.unknown().optional(),
  q: z.unknown().optional(),
  page: z.unknown().optional(),
});

const pageOf = (value: unknown): number =>
  typeof value === 'string' && /^\d{1,5}$/.test(value) ? Math.max(1, Number(value)) : 1;

/**
 * Search (docs/search.md): the form (GET, no terms), and the search itself (POST, so the terms
 * stay out of URLs and logs; its pages are POSTed too). What each viewer finds is the access
 * core's filter (src/access/findable-cases.ts).
 */
export function searchRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  return [
    route({
      method: 'GET',
      url: '/search',
      permission,
      handler: ({ reply }) => reply.page(VIEW, searchPage({ q: '' })),
    }),
    route({
      method: 'POST',
      url: '/search',
      permission,
      body: searchBody,
      handler: async ({ reply, body, principal, actor }) => {
        const q = typeof body.q === 'string' ? body.q.slice(0, 200) : '';
        const parsed = parseSearch(q);
        if (!parsed.ok) return reply.page(VIEW, searchPage({ q, error: parsed.message }), 400);
        const result = await searchCases(
          { db, clock },
          { actor, principal },
          parsed.query,
          pageOf(body.page),
        );
        return reply.page(VIEW, searchPage({ q, result }));
      },
    }),
  ];
}
