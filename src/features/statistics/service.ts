import { sql, type Kysely, type Transaction } from 'kysely';
import type { Reporting } from '../../db/reporting.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { isUuid } from '../../web/ids.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { measure } from './measures.ts';
import { periodInstants, type Period } from './period.ts';
import { timeSpanOf } from './decisions.ts';
import { publish, type PublishedStatistics } from './publish.ts';
import { withSnapshot } from './snapshot.ts';

export type StatisticsView = 'page' | 'csv' | 'xlsx';

/** Every hub, for the analyst's choice of hub. */
export async function listHubs(db: Kysely<DB>): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('hubs').select(['id', 'name']).orderBy('name').execute();
}

/** The hubs among these ids, by name. */
export async function hubsByIds(db: Kysely<DB>, ids: string[]) {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return db
    .selectFrom('hubs')
    .select(['id', 'name'])
    .where('id', 'in', valid)
    .orderBy('name')
    .execute();
}

/**
 * The published statistics of a period, for all hubs (hubId null) or one hub, after
 * disclosure control; the view or download is written to the audit log in the same
 * transaction. No person is the subject of the audit row: nothing here is about one person.
 */
export async function readStatistics(
  deps: {
    db: Kysely<DB>;
    clock: Clock;
    /** Whether the queries may run on several pooled connections at once (PostgreSQL). */
    parallel?: boolean;
    /** A reporting replica to read from, when one is configured (src/db/reporting.ts). */
    reporting?: Reporting;
  },
  actor: AuditActor,
  input: {
    period: Period;
    hubId: string | null;
    namedClinicians: boolean;
    view: StatisticsView;
  },
): Promise<PublishedStatistics> {
  const { db, clock } = deps;
  const now = clock.now();
  const { start, end } = periodInstants(input.period);
  const asAt = end < now ? end : now;
  // Counts by month over the whole financial years around the period, for all hubs: what is
  // hidden is decided over every period of those years and every hub (decisions.ts).
  const years = timeSpanOf(input.period).years;
  const counted = periodInstants({
    from: `${years[0]!}-04-01`,
    to: `${years.at(-1)! + 1}-03-31`,
  });
  const settings = async (trx: Transaction<DB>) => {
    // These are small aggregations: PostgreSQL's JIT compiler, triggered by the planner's
    // overestimate of jsonb_array_elements, costs seconds and saves nothing here.
    // Ten years of national data sorts in memory rather than on disk.
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
  };
  // From the reporting replica when there is one and it answers: the main database's casework
  // never queues behind these queries. The audit row is written to the main database, in the
  // reading transaction there, after the reading on a replica (which is read-only).
  const read = deps.reporting ? await deps.reporting.read() : null;
  // Nothing to say where no replica is configured (the main database, as always).
  const source = read && (read.from === 'replica' || read.fellBack) ? read : null;
  const onReplica = source?.from === 'replica';
  const audit = (trx: Transaction<DB>) =>
    recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'statistics',
      subjectId: input.hubId,
      detail: {
        view: input.view,
        scope: input.hubId === null ? 'national' : 'hub',
        from: input.period.from,
        to: input.period.to,
        namedClinicians: input.namedClinicians,
        ...(source ? { readFrom: source.from } : {}),
      },
    });
  // On PostgreSQL the queries run at the same time on several connections sharing one
  // snapshot; on PGlite (one connection) one after another (snapshot.ts).
  const stats = await withSnapshot(
    source?.db ?? db,
    { parallel: deps.parallel ?? false, prepare: settings },
    async (trx, run) => {
      const raw = await measure(run, {
        start,
        end,
        countStart: counted.start,
        countEnd: counted.end,
        asAt,
        hubIds: input.hubId === null ? null : [input.hubId],
        namedClinicians: input.namedClinicians,
      });
      if (!onReplica) await audit(trx);
      return publish({
        raw,
        period: input.period,
        hubId: input.hubId,
        asAt,
        generatedAt: now,
        namedClinicians: input.namedClinicians,
      });
    },
  );
  if (onReplica) await db.transaction().execute(audit);
  if (!source) return stats;
  const { from, behindSeconds, fellBack } = source;
  return { ...stats, readFrom: { from, behindSeconds, fellBack } };
}

/** A hub lead asked for another hub's statistics: refused, and recorded. */
export async function recordRefusedHub(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  hubId: string,
): Promise<void> {
  await recordAudit(db, clock, actor, {
    action: 'denial',
    subjectType: 'statistics',
    subjectId: isUuid(hubId) ? hubId : null,
    outcome: 'denied',
    detail: { reason: 'not_their_hub' },
  });
}
