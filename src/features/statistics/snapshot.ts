import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Running the statistics' independent queries at the same time on several pooled PostgreSQL
 * connections, all reading one snapshot, so the figures are as consistent as if one
 * transaction had run them one after another (docs/performance.md).
 *
 * The reading transaction is REPEATABLE READ and exports its snapshot
 * (`pg_export_snapshot()`); each helper opens a READ ONLY, REPEATABLE READ transaction on
 * another connection and adopts it (`SET TRANSACTION SNAPSHOT`) before its first query. The
 * reading transaction and the helpers then take queries from one queue. PGlite has one
 * connection: there, and whenever no helper is spare, the queries run one after another in the
 * reading transaction, exactly as before.
 */

export type Executor = Kysely<DB> | Transaction<DB>;

/** Runs one query on whichever transaction is free; every query sees the same snapshot. */
export type Run = <T>(query: (db: Executor) => Promise<T>) => Promise<T>;

/**
 * Extra connections the statistics may hold at once, across all requests in this process. A
 * request takes what is spare and never waits for more, so statistics can neither exhaust the
 * pool (10 connections by default) nor deadlock waiting for it.
 */
export const MAX_HELPERS = 3;
let spareHelpers = MAX_HELPERS;

interface Job {
  query: (db: Executor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** A queue of queries and the transactions free to run them. */
class Workers {
  private jobs: Job[] = [];
  private idle: Executor[] = [];
  private running = new Set<Promise<unknown>>();
  closed = false;

  run: Run = <T>(query: (db: Executor) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      this.jobs.push({ query, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });

  add(worker: Executor): void {
    this.idle.push(worker);
    this.pump();
  }

  /** Takes a worker out of service (its transaction is about to end). */
  remove(worker: Executor): void {
    this.idle = this.idle.filter((w) => w !== worker);
  }

  /** Stops handing out queries and waits for those under way to finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.jobs = [];
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    while (!this.closed && this.jobs.length > 0 && this.idle.length > 0) {
      const worker = this.idle.shift()!;
      const job = this.jobs.shift()!;
      const done = job.query(worker).then(job.resolve, job.reject);
      this.running.add(done);
      void done.finally(() => {
        this.running.delete(done);
        this.idle.push(worker);
        this.pump();
      });
    }
  }
}

/**
 * Runs `body` in a read transaction with a `run` for its queries. With `parallel` (PostgreSQL),
 * the queries are shared among the transaction and up to MAX_HELPERS helper transactions on the
 * same snapshot; `prepare` is applied to each transaction first (session settings). Anything
 * `body` writes with the transaction it is given commits or rolls back with the reading.
 */
export async function withSnapshot<T>(
  db: Kysely<DB>,
  options: { parallel: boolean; prepare: (trx: Transaction<DB>) => Promise<void> },
  body: (trx: Transaction<DB>, run: Run) => Promise<T>,
): Promise<T> {
  if (!options.parallel) {
    return db.transaction().execute(async (trx) => {
      await options.prepare(trx);
      // One connection: one query at a time, in the order they were asked for. After a query
      // fails, or once the body has finished, queries not yet started are refused (the
      // transaction is aborted or ending); it ends only after the query under way.
      let previous: Promise<unknown> = Promise.resolve();
      let closed = false;
      const run: Run = (query) => {
        const next = previous.then(() =>
          closed ? Promise.reject(new Error('The statistics reading has ended')) : query(trx),
        );
        previous = next.catch(() => {
          closed = true;
        });
        return next;
      };
      try {
        return await body(trx, run);
      } finally {
        closed = true;
        await previous;
      }
    });
  }
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const exported = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx);
      const snapshot = exported.rows[0]!.id;
      await options.prepare(trx);
      const workers = new Workers();
      workers.add(trx);
      const helpers = Math.min(spareHelpers, MAX_HELPERS);
      spareHelpers -= helpers;
      let finished!: () => void;
      const bodyDone = new Promise<void>((resolve) => (finished = resolve));
      const started = Array.from({ length: helpers }, () =>
        helper(db, { snapshot, prepare: options.prepare, workers, bodyDone }),
      );
      try {
        return await body(trx, workers.run);
      } finally {
        await workers.close();
        finished();
        // A helper still waiting for a connection finds nothing to do and ends at once.
        await Promise.allSettled(started);
        spareHelpers += helpers;
      }
    });
}

/**
 * One helper transaction: adopts the snapshot, then takes queries until the reading is done
 * (it may find none, if the reading transaction has already taken them all).
 */
async function helper(
  db: Kysely<DB>,
  work: {
    snapshot: string;
    prepare: (trx: Transaction<DB>) => Promise<void>;
    workers: Workers;
    bodyDone: Promise<void>;
  },
): Promise<void> {
  const { snapshot, prepare, workers, bodyDone } = work;
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (h) => {
        if (workers.closed) return;
        await sql`SET TRANSACTION SNAPSHOT ${sql.lit(snapshot)}`.execute(h);
        await sql`SET TRANSACTION READ ONLY`.execute(h);
        await prepare(h);
        workers.add(h);
        await bodyDone;
        workers.remove(h);
      });
  } catch {
    // No connection to spare, or the reading finished first (its snapshot is gone): the
    // reading transaction runs the queries itself. A query's own error reaches the caller
    // through its promise, not here.
  }
}
