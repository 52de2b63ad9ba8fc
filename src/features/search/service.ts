import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { CaseState } from '../../domain/case-state.ts';
import type { SearchQuery } from '../../domain/search-query.ts';
import {
  caseFinder,
  findableCase,
  foundCasePath,
  foundVia,
  seesPerson,
  type FoundVia,
} from '../../access/findable-cases.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const SEARCH_PAGE_SIZE = 20;
/**
 * Names at least this similar (pg_trgm, over the folded name) are found. Low, so that two typos
 * in a short name ("Jonh Smtih" is 0.22 from "John Smith") still find it; the ranking puts the
 * closest first.
 */
export const NAME_SIMILARITY_THRESHOLD = 0.2;

/** One case found, with only what this viewer may see of it. */
export interface SearchHit {
  caseId: string;
  reference: string;
  hubName: string;
  status: CaseState;
  requestedAt: Date;
  personId: string;
  /** Null where the viewer does not see who the case is about. */
  personName: string | null;
  /** 'YYYY-MM-DD', or null where the viewer does not see who the case is about. */
  dateOfBirth: string | null;
  via: FoundVia;
  /** The page the case opens on for this viewer. */
  path: string;
  /** The person's history page, where the viewer sees who the case is about. */
  personPath: string | null;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
}

const PERSON_KINDS: ReadonlySet<SearchQuery['kind']> = new Set([
  'name',
  'nhs_number',
  'date_of_birth',
]);

/**
 * The cases the viewer may open that match the query (the access core's filter in SQL,
 * src/access/findable-cases.ts), best first, one page. Audited in the same transaction: a
 * consultation with the kind of query and the count (never the terms), and, when a query about
 * a person matched people, a combination naming the cases and people shown.
 */
export async function searchCases(
  deps: { db: Kysely<DB>; clock: Clock },
  who: { actor: AuditActor; principal: Principal },
  query: SearchQuery,
  requestedPage: number,
): Promise<SearchResult> {
  const { db, clock } = deps;
  const { actor, principal } = who;
  return db.transaction().execute(async (trx) => {
    const result = await findCases(trx, principal, query, requestedPage);
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'search',
      detail: {
        kind: query.kind,
        count: result.total,
        page: result.page,
        caseIds: result.hits.map((h) => h.caseId),
      },
    });
    if (PERSON_KINDS.has(query.kind) && result.hits.length > 0) {
      await recordAudit(trx, clock, actor, {
        action: 'combination',
        subjectType: 'search',
        detail: {
          kind: query.kind,
          count: result.total,
          personIds: [...new Set(result.hits.map((h) => h.personId))],
          caseIds: result.hits.map((h) => h.caseId),
        },
      });
    }
    return result;
  });
}

/** The search itself, without its audit rows (the benchmark times this and the audit apart). */
export async function findCases(
  db: Executor,
  principal: Principal,
  query: SearchQuery,
  requestedPage: number,
): Promise<SearchResult> {
  const finder = caseFinder(principal);
  const page = Math.max(1, Math.min(requestedPage, 10_000));
  if (!finder.any) return { hits: [], total: 0, page: 1 };

  const nameScore = sql<number>`similarity(people.search_name, search_fold(${query.kind === 'name' ? query.name : ''}))`;
  if (query.kind === 'name') {
    // Transaction-local: the pooled connection goes back with the default.
    await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY_THRESHOLD)}, true)`.execute(
      db,
    );
  }
  const base = db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .where((eb) => findableCase(eb, finder, principal.userId))
    .where((eb) => {
      switch (query.kind) {
        case 'case_reference':
          return eb('cases.reference', '=', query.reference);
        case 'nhs_number':
          return eb('people.nhs_number', '=', query.nhsNumber);
        case 'date_of_birth':
          return eb('people.date_of_birth', '=', query.date);
        case 'name':
          // Only people with a case (the partial trigram index of 0205): search finds cases.
          return sql<boolean>`people.has_case AND people.search_name % search_fold(${query.name})`;
        case 'external_reference':
          // Two index lookups (0150's upper() indexes), not a semi-join over every request.
          return eb(
            'cases.id',
            'in',
            eb
              .selectFrom('support_requests')
              .select('support_requests.case_id')
              .where(sql`upper(support_requests.pcmt_reference)`, '=', query.reference)
              .union(
                eb
                  .selectFrom('support_requests')
                  .select('support_requests.case_id')
                  .where(sql`upper(support_requests.channel_reference)`, '=', query.reference),
              ),
          );
      }
    });
  // One pass gives the page and the total (a window count): the trigram scan, the costly part
  // of a name search, runs once (docs/performance.md#search).
  const pageOf = (n: number) => {
    let rows = base
      .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
      .select([
        'cases.id',
        'cases.reference',
        'cases.hub_id',
        'cases.status',
        'cases.requested_by',
        'cases.requested_at',
        'hubs.name as hub_name',
        'people.id as person_id',
        'people.given_name',
        'people.family_name',
        'people.date_of_birth',
        sql<number>`count(*) over ()`.as('total'),
      ]);
    if (query.kind === 'name') rows = rows.orderBy(nameScore, 'desc');
    return rows
      .orderBy('cases.requested_at', 'desc')
      .orderBy('cases.id')
      .limit(SEARCH_PAGE_SIZE)
      .offset((n - 1) * SEARCH_PAGE_SIZE)
      .execute();
  };
  let shown = page;
  let found = await pageOf(shown);
  let total = found.length > 0 ? Number(found[0]!.total) : 0;
  if (found.length === 0 && shown > 1) {
    // Past the last page (a bookmarked page of an older search): show the last one.
    const { count } = await base
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    total = Number(count);
    shown = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
    found = total > 0 ? await pageOf(shown) : [];
  }
  const hits: SearchHit[] = [];
  for (const r of found) {
    const via = foundVia(finder, principal.userId, {
      hubId: r.hub_id,
      requestedBy: r.requested_by,
    });
    if (!via) continue; // the SQL filter and this agree; never show what neither allows
    const person = seesPerson(via);
    hits.push({
      caseId: r.id,
      reference: r.reference,
      hubName: r.hub_name,
      status: r.status,
      requestedAt: r.requested_at,
      personId: r.person_id,
      personName: person ? `${r.given_name} ${r.family_name}` : null,
      dateOfBirth: person ? r.date_of_birth : null,
      via,
      path: foundCasePath(via, r.id),
      personPath: person ? `/people/${r.person_id}` : null,
    });
  }
  return { hits, total, page: shown };
}
