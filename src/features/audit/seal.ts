import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { canonicalEventSql, chainHash, GENESIS_HASH } from './chain.ts';

// Any fixed number, distinct from the migration lock: one sealer at a time across instances.
const SEALER_LOCK = 7242011;
export const SEAL_BATCH = 5000;

export interface SealPass {
  /** Seals appended in this pass. */
  sealed: number;
  /** The chain's head after the pass (null while nothing is sealed). */
  head: { seq: number; hash: string } | null;
}

export class AuditChainError extends Error {}

/**
 * One sealing pass, in one transaction under an advisory lock: appends seals for up to `batch`
 * events whose writing transactions have all finished (xid below the snapshot's xmin), in
 * (xid, occurred_at, id) order, continuing from the last sealed event. Because every event
 * below xmin is visible and taken in order, the sealed order only ever grows: writers never
 * wait for the sealer, and a later pass never needs to seal an earlier event.
 */
export async function sealAuditPass(
  db: Kysely<DB>,
  clock: Clock,
  batch = SEAL_BATCH,
): Promise<SealPass> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(SEALER_LOCK)})`.execute(trx);
    // Read after the lock: another sealer's pass has committed by now.
    const last = (
      await sql<{
        seq: number;
        hash: string;
        xid: string | null;
        occurred_at: string | null;
        id: string | null;
      }>`
        SELECT s.seq::int8 AS seq, encode(s.hash, 'hex') AS hash,
               e.xid::text AS xid,
               to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
               e.id::text AS id
        FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.event_id
        ORDER BY s.seq DESC LIMIT 1`.execute(trx)
    ).rows[0];
    if (last && !last.id) {
      throw new AuditChainError(
        `The event of audit seal ${last.seq} is missing; sealing stopped. Run verify-audit.`,
      );
    }
    const after = last
      ? sql`AND (e.xid, e.occurred_at, e.id) > (${last.xid}::xid8, ${last.occurred_at}::timestamptz, ${last.id}::uuid)`
      : sql``;
    // One statement, so the snapshot whose xmin bounds the batch is the one that reads it.
    const events = (
      await sql<{ id: string; canonical: string }>`
        SELECT e.id::text AS id, ${canonicalEventSql} AS canonical
        FROM audit_events e
        WHERE e.xid < pg_snapshot_xmin(pg_current_snapshot()) ${after}
        ORDER BY e.xid, e.occurred_at, e.id
        LIMIT ${batch}`.execute(trx)
    ).rows;
    if (events.length === 0)
      return { sealed: 0, head: last ? { seq: Number(last.seq), hash: last.hash } : null };

    let seq = last ? Number(last.seq) : 0;
    let prev = last?.hash ?? GENESIS_HASH;
    const seals = events.map((event) => {
      const hash = chainHash(prev, event.canonical);
      const seal = { seq: ++seq, event_id: event.id, prev_hash: prev, hash };
      prev = hash;
      return seal;
    });
    // One statement for the whole batch; JSON keeps it identical on both drivers.
    await sql`
      INSERT INTO audit_seals (seq, event_id, prev_hash, hash, sealed_at)
      SELECT r.seq, r.event_id, decode(r.prev_hash, 'hex'), decode(r.hash, 'hex'), ${clock.now()}
      FROM jsonb_to_recordset(${JSON.stringify(seals)}::jsonb)
        AS r(seq bigint, event_id uuid, prev_hash text, hash text)`.execute(trx);
    return { sealed: seals.length, head: { seq, hash: prev } };
  });
}

/** Seals until nothing sealable is left (the CLI's seal-audit and the scheduled job). */
export async function sealAudit(
  db: Kysely<DB>,
  clock: Clock,
  batch = SEAL_BATCH,
): Promise<SealPass> {
  let total = 0;
  for (;;) {
    const pass = await sealAuditPass(db, clock, batch);
    total += pass.sealed;
    if (pass.sealed < batch) return { sealed: total, head: pass.head };
  }
}
