import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PGliteDialect, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { observedDialect, type StatementObserver } from './round-trips.ts';

const observed = (dialect: Dialect, observe: StatementObserver | undefined) =>
  observe ? observedDialect(dialect, observe) : dialect;

// Counts and bigints come back as numbers from PGlite; make `pg` agree (ids are UUIDs, so no
// bigint here ever exceeds 2^53).
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
// Dates (not timestamps) stay as 'YYYY-MM-DD' strings on both drivers.
pg.types.setTypeParser(1082, (value) => value);

export type DatabaseKind = 'pglite' | 'postgres';

/** One open database, whichever driver is underneath. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  runScript(script: string): Promise<void>;
  /** Answers whether the database is reachable, without throwing. */
  ping(): Promise<{ ok: true } | { ok: false; reason: string }>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (test snapshots, copies of a demo). */
  dumpDataDir?(): Promise<File | Blob>;
}

export type DatabaseTarget = (
  | { kind: 'postgres'; url: string; poolSize?: number; connectionTimeoutMillis?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File }
) & {
  /** Told of every round trip (tests and benchmarks count them: src/db/round-trips.ts). */
  observe?: StatementObserver;
};

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target) : openPglite(target);
}

function openPostgres(target: {
  url: string;
  poolSize?: number;
  connectionTimeoutMillis?: number;
  observe?: StatementObserver;
}): Database {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    connectionTimeoutMillis: target.connectionTimeoutMillis ?? 5000,
    idleTimeoutMillis: 30000,
  });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor a connection dropped while a request holds it: pg emits 'error' on a checked-out client
  // with no listener (pg-pool listens only while it is idle), which would be an uncaught
  // exception. The query in flight still fails (the request answers 503) and the pool discards
  // the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<DB>({ dialect: observed(new PostgresDialect({ pool }), target.observe) });
  return {
    kind: 'postgres',
    db,
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    ping: () => ping(() => pool.query('SELECT 1')),
    close: () => db.destroy(),
  };
}

async function openPglite(target: {
  dataDir?: string;
  loadDataDir?: Blob | File;
  observe?: StatementObserver;
}): Promise<Database> {
  const pglite = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    extensions: { pg_trgm, unaccent },
    // Dates (not timestamps) as 'YYYY-MM-DD' strings, as the `pg` parser above does.
    parsers: { 1082: (value: string) => value },
  });
  const db = new Kysely<DB>({ dialect: observed(new PGliteDialect({ pglite }), target.observe) });
  let closed = false;
  return {
    kind: 'pglite',
    db,
    async runScript(script) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    ping: () => ping(() => pglite.query('SELECT 1')),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy closes the PGlite instance, which flushes it to disk.
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function ping(
  query: () => Promise<unknown>,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await query();
    return { ok: true };
  } catch (error) {
    // Driver messages name hosts and ports at most; never a record.
    return { ok: false, reason: error instanceof Error ? error.message : 'unknown error' };
  }
}
