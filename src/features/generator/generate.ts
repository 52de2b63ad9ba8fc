import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { CASE_GENERATORS, counterKey, generateWindow, type World } from './cases.ts';
import { Random } from './random.ts';
import { demoStaff, ensureSyntheticStaff, staffNeeded, type HubStaff } from './staff.ts';
import { DAY, type CaseGenerator } from './story.ts';
import { writeBatch } from './writer.ts';

export interface GenerateOptions {
  /** How many years of requests, ending at `now`. */
  years: number;
  requestsPerYear: number;
  /** The same seed (and `now`) gives the same rows. */
  seed: string | number;
  /** Hub codes; by default every hub that is not closed. */
  hubs?: string[];
  /** The end of the generated history: nothing happens after it. Default: the current time. */
  now?: Date;
  /** Synthetic staff per hub (default), or the demo accounts (seed-demo). */
  staff?: 'synthetic' | 'demo';
  /**
   * A busier recent spell after the years (the demo uses it so that the queues of triage,
   * allocation and closure have something in them): `requests` more in the last `days`.
   */
  recent?: { days: number; requests: number };
  generators?: CaseGenerator[];
  /** Called after each year is written, for progress output. */
  onYear?: (year: { index: number; counts: Record<string, number>; ms: number }) => void;
}

export type GenerateCounts = Record<string, number> & { cases: number; staff: number };

export class GeneratorError extends Error {}

const YEAR = 365 * DAY;

/** The run's mark: in idempotency keys and in the request_id of its audit rows. */
export const runIdOf = (seed: string | number): string => `synthetic:${seed}`;

export function validateOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.years) || options.years < 1 || options.years > 50) {
    throw new GeneratorError('years must be a whole number from 1 to 50');
  }
  if (
    !Number.isInteger(options.requestsPerYear) ||
    options.requestsPerYear < 1 ||
    options.requestsPerYear > 200_000
  ) {
    throw new GeneratorError('requests per year must be a whole number from 1 to 200,000');
  }
  if (String(options.seed).trim() === '' || /[\s:]/.test(String(options.seed))) {
    throw new GeneratorError('the seed must be a word without spaces or colons');
  }
  const recent = options.recent;
  if (
    recent &&
    !(Number.isInteger(recent.days) && recent.days >= 1 && Number.isInteger(recent.requests))
  ) {
    throw new GeneratorError('a recent spell needs whole numbers of days and requests');
  }
}

async function hubsFor(trx: Executor, codes: string[] | undefined) {
  const hubs = await trx
    .selectFrom('hubs')
    .select(['id', 'code'])
    .where('status', '<>', 'retired')
    .orderBy('code')
    .execute();
  if (!codes) return hubs;
  const wanted = codes.map((c) => c.trim().toUpperCase());
  const unknown = wanted.filter((c) => !hubs.some((h) => h.code === c));
  if (unknown.length) throw new GeneratorError(`no open hub with code ${unknown.join(', ')}`);
  return hubs.filter((h) => wanted.includes(h.code));
}

/** Reference counters and used NHS numbers, so generated rows never collide with existing ones. */
async function loadWorld(trx: Executor, runId: string, now: number): Promise<World> {
  const counters = await trx
    .selectFrom('case_reference_counters')
    .innerJoin('hubs', 'hubs.id', 'case_reference_counters.hub_id')
    .select(['hubs.code', 'case_reference_counters.year', 'case_reference_counters.last_value'])
    .execute();
  const used = await trx
    .selectFrom('people')
    .select('nhs_number')
    .where('nhs_number', 'like', '999%')
    .execute();
  return {
    runId,
    now,
    counters: new Map(counters.map((c) => [counterKey(c.code, c.year), Number(c.last_value)])),
    nhsNumbers: new Set(used.map((u) => u.nhs_number!)),
    people: new Map(),
  };
}

async function saveCounters(trx: Transaction<DB>, world: World, hubs: HubStaff[]): Promise<void> {
  const rows = [...world.counters.entries()].flatMap(([key, last]) => {
    const [code, year] = key.split(':');
    const hub = hubs.find((h) => h.code === code);
    return hub ? [{ hub_id: hub.hubId, year: Number(year), last_value: last }] : [];
  });
  if (rows.length === 0) return;
  await trx
    .insertInto('case_reference_counters')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['hub_id', 'year']).doUpdateSet({
        last_value: sql<number>`GREATEST(case_reference_counters.last_value, excluded.last_value)`,
      }),
    )
    .execute();
}

const add = (total: Record<string, number>, counts: Record<string, number>) => {
  for (const [table, n] of Object.entries(counts)) total[table] = (total[table] ?? 0) + n;
};

type Executor = Kysely<DB> | Transaction<DB>;
type InTransaction = <T>(work: (trx: Transaction<DB>) => Promise<T>) => Promise<T>;

/**
 * Generates `years` years of requests into the database, one transaction per year (generated
 * in memory, written with multi-row inserts). Refuses a seed already generated into this
 * database. Returns the rows written per table, with `cases` and `staff` (users created).
 */
export async function generateInto(
  db: Kysely<DB>,
  options: GenerateOptions,
): Promise<GenerateCounts> {
  return generate(db, options, (work) => db.transaction().execute(work));
}

/** The same, inside a transaction the caller holds (seed-demo seeds in one transaction). */
export async function generateWithin(
  trx: Transaction<DB>,
  options: GenerateOptions,
): Promise<GenerateCounts> {
  return generate(trx, options, (work) => work(trx));
}

/** Whether a run with this seed has already written cases into the database. */
export async function alreadyGenerated(db: Executor, seed: string | number): Promise<boolean> {
  const found = await db
    .selectFrom('cases')
    .select('id')
    .where('idempotency_key', 'like', `${runIdOf(seed)}:%`)
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}

async function generate(
  db: Executor,
  options: GenerateOptions,
  inTransaction: InTransaction,
): Promise<GenerateCounts> {
  validateOptions(options);
  const now = (options.now ?? new Date()).getTime();
  const runId = runIdOf(options.seed);
  if (await alreadyGenerated(db, options.seed)) {
    throw new GeneratorError(`data for seed ${options.seed} is already in this database`);
  }
  const hubs = await hubsFor(db, options.hubs);
  if (hubs.length === 0) throw new GeneratorError('there is no open hub to generate cases for');
  const recent = options.recent ?? { days: 0, requests: 0 };
  const yearsEnd = now - recent.days * DAY;
  const start = yearsEnd - options.years * YEAR;
  const windows = Array.from({ length: options.years }, (_, i) => ({
    from: start + i * YEAR,
    to: start + (i + 1) * YEAR,
    requests: options.requestsPerYear,
  }));
  if (recent.requests > 0) windows.push({ from: yearsEnd, to: now, requests: recent.requests });
  const total: GenerateCounts = { cases: 0, staff: 0 };

  const staff = await inTransaction(async (trx) => {
    if (options.staff === 'demo') return demoStaff(trx, hubs);
    const perHub = Math.ceil(options.requestsPerYear / hubs.length);
    const made = await ensureSyntheticStaff(trx, hubs, staffNeeded(perHub), new Date(start));
    total.staff = made.created;
    return made.staff;
  });
  const world = await loadWorld(db, runId, now);
  const random = new Random(runId);
  for (const [index, window] of windows.entries()) {
    const began = Date.now();
    const batch = generateWindow(world, random.child(`year-${index}`), staff, {
      ...window,
      generators: options.generators ?? CASE_GENERATORS,
    });
    const counts = await inTransaction(async (trx) => {
      const written = await writeBatch(trx, batch);
      await saveCounters(trx, world, staff);
      return written;
    });
    add(total, counts);
    options.onYear?.({ index, counts, ms: Date.now() - began });
  }
  return total;
}
