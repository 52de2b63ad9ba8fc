import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * The streaming replica of the test server that `.ci/run` starts (TEST_REPLICA_DATABASE_URL):
 * tests that read through it are skipped without one, except under CI, where they fail.
 */
const replicaServer = process.env.TEST_REPLICA_DATABASE_URL;

export const replicaSkip: string | false = !process.env.TEST_DATABASE_URL
  ? 'needs PostgreSQL (TEST_DATABASE_URL) and a streaming replica of it'
  : !replicaServer && process.env.CI !== 'true'
    ? 'needs TEST_REPLICA_DATABASE_URL, a streaming replica of the test server (.ci/run starts one)'
    : false;

/** The replica's copy of a test database: every database made on the server appears there. */
export async function replicaUrlOf(database: Database): Promise<string> {
  if (!replicaServer) throw new Error('CI names a streaming replica in TEST_REPLICA_DATABASE_URL');
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(
    database.db,
  );
  const url = new URL(replicaServer);
  url.pathname = `/${rows[0]!.name}`;
  return url.href;
}
