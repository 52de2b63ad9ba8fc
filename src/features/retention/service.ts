import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import type { RetentionClock } from '../../domain/retention.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { DeathSource } from './tables.ts';
import { recomputeRetention } from './recompute.ts';

type Deps = { db: Kysely<DB>; clock: Clock };

/** The most rows the queue shows at once (oldest first); the count says how many are due. */
export const QUEUE_LIMIT = 200;

export interface QueueFilters {
  hubId: string | null;
  clock: RetentionClock | null;
}

export interface QueueRow {
  caseId: string;
  reference: string;
  hubName: string;
  clock: RetentionClock;
  dueOn: string;
}

/** The hubs to filter by. */
export const hubOptions = ({ db }: Deps) =>
  db.selectFrom('hubs').select(['id', 'name']).orderBy('name').execute();

/**
 * The IG officer's retention queue: the clocks due for review today or earlier, oldest first.
 * Reference, hub, clock and date only: no health or police content. Audited as a consultation
 * that lists the cases shown.
 */
export async function retentionQueue(
  { db, clock }: Deps,
  actor: AuditActor,
  filters: QueueFilters,
): Promise<{ rows: QueueRow[]; total: number; today: string }> {
  const today = londonDate(clock.now());
  let due = db
    .selectFrom('retention_reviews')
    .innerJoin('cases', 'cases.id', 'retention_reviews.case_id')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .where('retention_reviews.due_on', '<=', today);
  if (filters.hubId) due = due.where('cases.hub_id', '=', filters.hubId);
  if (filters.clock) due = due.where('retention_reviews.clock', '=', filters.clock);
  const [rows, count] = await Promise.all([
    due
      .select([
        'cases.id as caseId',
        'cases.reference',
        'hubs.name as hubName',
        'retention_reviews.clock',
        'retention_reviews.due_on as dueOn',
      ])
      .orderBy('retention_reviews.due_on')
      .orderBy('cases.reference')
      .orderBy('retention_reviews.clock')
      .limit(QUEUE_LIMIT)
      .execute(),
    due.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(db, clock, actor, {
    action: 'consultation',
    subjectType: 'retention_queue',
    detail: {
      caseIds: [...new Set(rows.map((r) => r.caseId))],
      hubId: filters.hubId,
      clock: filters.clock,
    },
  });
  return { rows, total: Number(count.n), today };
}

/** One clock of one case as the keep form shows it: reference, hub, due date. */
export async function reviewItem(
  { db }: Deps,
  caseId: string,
  clockName: RetentionClock,
): Promise<QueueRow | null> {
  const row = await db
    .selectFrom('retention_reviews')
    .innerJoin('cases', 'cases.id', 'retention_reviews.case_id')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .select([
      'cases.id as caseId',
      'cases.reference',
      'hubs.name as hubName',
      'retention_reviews.clock',
      'retention_reviews.due_on as dueOn',
    ])
    .where('retention_reviews.case_id', '=', caseId)
    .where('retention_reviews.clock', '=', clockName)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Records a "keep" decision on a clock of a case due for review, and moves that clock to the
 * next review date at once. Not due (or no such clock): null, and nothing is written.
 */
export async function decideKeep(
  { db, clock }: Deps,
  actor: AuditActor,
  input: {
    caseId: string;
    clock: RetentionClock;
    userId: string;
    reason: string;
    nextReviewOn: string;
  },
): Promise<{ decisionId: string } | null> {
  const today = londonDate(clock.now());
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('retention_reviews')
      .innerJoin('cases', 'cases.id', 'retention_reviews.case_id')
      .select(['cases.hub_id', 'cases.person_id'])
      .where('retention_reviews.case_id', '=', input.caseId)
      .where('retention_reviews.clock', '=', input.clock)
      .where('retention_reviews.due_on', '<=', today)
      .forUpdate()
      .executeTakeFirst();
    if (!due) return null;
    const row = await trx
      .insertInto('retention_decisions')
      .values({
        case_id: input.caseId,
        clock: input.clock,
        decision: 'keep',
        reason: input.reason,
        next_review_on: input.nextReviewOn,
        decided_by: input.userId,
        decided_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recomputeRetention(trx, clock, [input.caseId]);
    // The reason is the reviewer's own words about keeping records, asked for the audit.
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: due.hub_id },
      {
        action: 'collection',
        subjectType: 'retention_decision',
        subjectId: row.id,
        personId: due.person_id,
        reason: input.reason,
        detail: {
          caseId: input.caseId,
          clock: input.clock,
          decision: 'keep',
          nextReviewOn: input.nextReviewOn,
        },
      },
    );
    return { decisionId: row.id };
  });
}

/** The person's date of birth, and the date of death recorded for them, if any. */
export async function dateOfDeathOf({ db }: Deps, personId: string) {
  return db
    .selectFrom('people')
    .leftJoin('person_deaths', 'person_deaths.person_id', 'people.id')
    .select([
      'people.date_of_birth',
      'person_deaths.date_of_death',
      'person_deaths.source as date_of_death_source',
    ])
    .where('people.id', '=', personId)
    .executeTakeFirstOrThrow();
}

/**
 * Records (or corrects) the person's date of death with its source, and moves the health clock
 * of every case of the person at once. Audited as a collection (an alteration when it
 * corrects one): the date itself is not copied into the audit row.
 */
export async function recordDateOfDeath(
  { db, clock }: Deps,
  actor: AuditActor,
  input: {
    caseId: string;
    personId: string;
    userId: string;
    dateOfDeath: string;
    source: DeathSource;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = {
      date_of_death: input.dateOfDeath,
      source: input.source,
      recorded_by: input.userId,
      recorded_at: clock.now(),
    };
    const before = await trx
      .selectFrom('person_deaths')
      .select('person_id')
      .where('person_id', '=', input.personId)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('person_deaths')
      .values({ person_id: input.personId, ...row })
      .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
      .execute();
    const cases = await trx
      .selectFrom('cases')
      .select('id')
      .where('person_id', '=', input.personId)
      .execute();
    await recomputeRetention(
      trx,
      clock,
      cases.map((c) => c.id),
    );
    await recordAudit(trx, clock, actor, {
      action: before ? 'alteration' : 'collection',
      subjectType: 'person',
      subjectId: input.personId,
      personId: input.personId,
      detail: { caseId: input.caseId, field: 'date_of_death', source: input.source },
    });
  });
}
