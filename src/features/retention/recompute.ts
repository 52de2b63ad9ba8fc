import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import {
  nextReviewDates,
  RETENTION_CLOCKS,
  type KeepDecision,
  type RetentionClock,
} from '../../domain/retention.ts';
import type { ScheduledJob } from '../../jobs/runner.ts';

type Executor = Kysely<DB> | Transaction<DB>;

const DAY_SECONDS = 24 * 60 * 60;
/** Rows per insert: well under the drivers' parameter limits. */
const CHUNK = 500;

/**
 * Works out the next review date of each clock of the given cases (every case when none are
 * given) with the domain rule (src/domain/retention.ts), and stores them in retention_reviews:
 * a clock that has not started has no row. Run it in the caller's transaction when a fact of
 * the rule changes (a date of death, a review decision), and nightly for every case.
 */
export async function recomputeRetention(
  db: Executor,
  clock: Clock,
  caseIds?: readonly string[],
): Promise<{ cases: number; rows: number }> {
  if (caseIds && caseIds.length === 0) return { cases: 0, rows: 0 };
  let cases = db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .leftJoin('person_deaths', 'person_deaths.person_id', 'cases.person_id')
    .select([
      'cases.id',
      'cases.requested_at',
      'cases.closed_at',
      'cases.last_person_contact_on',
      'people.date_of_birth',
      'person_deaths.date_of_death',
    ]);
  let decisions = db
    .selectFrom('retention_decisions')
    .select(['case_id', 'clock', 'next_review_on'])
    .where('decision', '=', 'keep');
  if (caseIds) {
    cases = cases.where('cases.id', 'in', [...caseIds]);
    decisions = decisions.where('case_id', 'in', [...caseIds]);
  }
  // A clock whose records were disposed of has nothing left to review.
  let disposed = db
    .selectFrom('retention_disposals')
    .select(['case_id', 'clock'])
    .where('status', '=', 'disposed');
  if (caseIds) disposed = disposed.where('case_id', 'in', [...caseIds]);
  const [caseRows, decisionRows, disposedRows] = await Promise.all([
    cases.execute(),
    decisions.execute(),
    disposed.execute(),
  ]);
  const gone = new Set(disposedRows.map((d) => `${d.case_id}:${d.clock}`));
  const kept = new Map<string, KeepDecision[]>();
  for (const d of decisionRows) {
    const list = kept.get(d.case_id) ?? [];
    list.push({ clock: d.clock, nextReviewOn: d.next_review_on });
    kept.set(d.case_id, list);
  }
  const now = clock.now();
  const rows: { case_id: string; clock: RetentionClock; due_on: string; computed_at: Date }[] = [];
  for (const c of caseRows) {
    const dates = nextReviewDates({
      dateOfBirth: c.date_of_birth,
      dateOfDeath: c.date_of_death,
      lastContactOn: c.last_person_contact_on,
      requestedOn: londonDate(c.requested_at),
      closedOn: c.closed_at ? londonDate(c.closed_at) : null,
      keepDecisions: kept.get(c.id) ?? [],
    });
    for (const clockName of RETENTION_CLOCKS) {
      const due = dates[clockName];
      if (due && !gone.has(`${c.id}:${clockName}`))
        rows.push({ case_id: c.id, clock: clockName, due_on: due, computed_at: now });
    }
  }
  let remove = db.deleteFrom('retention_reviews');
  if (caseIds) remove = remove.where('case_id', 'in', [...caseIds]);
  await remove.execute();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('retention_reviews')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
  return { cases: caseRows.length, rows: rows.length };
}

/** Every case at once, in one transaction: the queue never shows a half-done night. */
export const recomputeAllRetention = (database: Database, clock: Clock) =>
  database.db.transaction().execute((trx) => recomputeRetention(trx, clock));

/** The nightly job (every 24 hours from its last run). */
export const retentionJob = (): ScheduledJob => ({
  name: 'retention.recompute',
  intervalSeconds: DAY_SECONDS,
  run: async ({ database, clock }) => void (await recomputeAllRetention(database, clock)),
});
