import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { AuditAnchors } from '../../src/features/audit/anchors.ts';
import { sealAudit } from '../../src/features/audit/seal.ts';
import { testAnchors, waitUntilSealable, writeEvents } from '../../src/features/audit/testing.ts';
import { testClock } from './clock.ts';
import { testDatabase } from './database.ts';

export interface SealedChain {
  database: Database;
  anchors: AuditAnchors;
  clock: ReturnType<typeof testClock>;
  /** Event ids in seq order: ids[0] is seal 1's. */
  ids: string[];
}

/** A fresh database with `count` audit events, sealed with `anchors` and checkpointed. */
export async function sealedChain(count: number, anchors = testAnchors()): Promise<SealedChain> {
  const database = await testDatabase();
  const clock = testClock();
  await writeEvents(database.db, clock, count);
  await waitUntilSealable(database.db);
  const run = await sealAudit(database.db, clock, anchors);
  assert.equal(run.sealed, count);
  assert.ok(run.checkpointWritten);
  const ids = (
    await sql<{ id: string }>`SELECT event_id::text AS id FROM audit_seals ORDER BY seq`.execute(
      database.db,
    )
  ).rows.map((r) => r.id);
  return { database, anchors, clock, ids };
}
