import { sql, type Kysely } from 'kysely';
import type { Clock } from '../domain/clock.ts';
import { openDatabase, type Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Where statistics and exports read from (issue 20, docs/statistics.md#a-replica-for-reporting):
 * a PostgreSQL streaming replica when REPORTING_DATABASE_URL names one, so their heavy queries
 * never queue casework behind them; the main database when there is none, or when the replica
 * does not answer (saying so). Audit rows of what was read are always written to the main
 * database: a replica is read-only.
 */
export interface ReportingRead {
  db: Kysely<DB>;
  from: 'replica' | 'primary';
  /** How far behind the main database the replica is, in whole seconds (0 when caught up). */
  behindSeconds: number | null;
  /** True when a replica is configured but did not answer, so the main database was read. */
  fellBack: boolean;
}

export interface Reporting {
  read(): Promise<ReportingRead>;
  close(): Promise<void>;
}

/** Long enough for a replica on another host, short enough that a page never waits on one. */
const REPLICA_TIMEOUT_MS = 2000;

export function openReporting(
  primary: Database,
  clock: Clock,
  replicaUrl: string | undefined,
): Reporting {
  const onPrimary = (fellBack: boolean): ReportingRead => ({
    db: primary.db,
    from: 'primary',
    behindSeconds: null,
    fellBack,
  });
  if (!replicaUrl) {
    return { read: () => Promise.resolve(onPrimary(false)), close: () => Promise.resolve() };
  }
  let replica: Database | null = null;
  const replicaDb = async () =>
    (replica ??= await openDatabase({
      kind: 'postgres',
      url: replicaUrl,
      poolSize: 4,
      connectionTimeoutMillis: REPLICA_TIMEOUT_MS,
    }));
  return {
    async read() {
      try {
        const { db } = await replicaDb();
        const state = await sql<{
          standby: boolean;
          caught_up: boolean | null;
          replayed_at: Date | null;
        }>`SELECT pg_is_in_recovery() AS standby,
             pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS caught_up,
             pg_last_xact_replay_timestamp() AS replayed_at`.execute(db);
        const row = state.rows[0]!;
        return {
          db,
          from: 'replica',
          behindSeconds: behind(row, clock.now()),
          fellBack: false,
        };
      } catch {
        return onPrimary(true);
      }
    },
    async close() {
      await replica?.close();
    },
  };
}

/**
 * Seconds behind: none when everything received is replayed (an idle main database sends
 * nothing, however old the last transaction), else the age of the last replayed transaction.
 * Not a standby at all (a URL naming the main database itself): none.
 */
export function behind(
  row: { standby: boolean; caught_up: boolean | null; replayed_at: Date | null },
  now: Date,
): number | null {
  if (!row.standby || row.caught_up) return 0;
  if (!row.replayed_at) return null;
  return Math.max(0, Math.floor((now.getTime() - new Date(row.replayed_at).getTime()) / 1000));
}
