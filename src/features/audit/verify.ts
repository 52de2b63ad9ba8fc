import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  chainHash,
  chainedEventColumns,
  compareSealOrder,
  GENESIS_HASH,
  type ChainedEvent,
} from './chain.ts';

export type AuditVerification =
  | {
      ok: true;
      rows: number;
      /** The last seal: record it somewhere else to detect a chain cut short later. */
      head: { seq: number; hash: string } | null;
    }
  | { ok: false; seq: number; eventId: string | null; problem: string };

const PAGE = 10_000;

type SealRow = ChainedEvent & {
  seq: number;
  event_id: string;
  prev_hash: string;
  hash: string;
  found: boolean;
};

/**
 * Walks the seals in seq order, a page at a time, recomputing each hash, and stops at the first
 * broken row. Then looks for events that the chain should hold but does not (inserted after
 * their place was sealed), and reports whichever problem comes first in the chain.
 */
export async function verifyAudit(db: Kysely<DB>): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let previous: ChainedEvent | null = null;
  // Keyset on (seq, event_id) so a duplicated seq (a dropped key) cannot hide on a page edge.
  let cursor: { seq: number; eventId: string } = {
    seq: 0,
    eventId: '00000000-0000-0000-0000-000000000000',
  };
  let broken: Extract<AuditVerification, { ok: false }> | null = null;

  walk: for (;;) {
    const page = (
      await sql<SealRow>`
        SELECT s.seq::int8 AS seq, s.event_id::text AS event_id,
               encode(s.prev_hash, 'hex') AS prev_hash, encode(s.hash, 'hex') AS hash,
               e.id IS NOT NULL AS found, ${chainedEventColumns}
        FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.event_id
        WHERE s.seq >= ${cursor.seq} AND (s.seq, s.event_id) > (${cursor.seq}::int8, ${cursor.eventId}::uuid)
        ORDER BY s.seq, s.event_id
        LIMIT ${PAGE}`.execute(db)
    ).rows;
    for (const row of page) {
      const seq = Number(row.seq);
      const fail = (problem: string) => ({
        ok: false as const,
        seq,
        eventId: row.event_id,
        problem,
      });
      if (seq !== expectedSeq) {
        broken = fail(
          seq < expectedSeq
            ? `seq ${seq} appears twice (a seal was inserted)`
            : `seals ${expectedSeq}${seq - 1 > expectedSeq ? `–${seq - 1}` : ''} are missing (deleted)`,
        );
        break walk;
      }
      if (!row.found) {
        broken = fail('the event of this seal is missing (deleted)');
        break walk;
      }
      if (row.prev_hash !== prevHash) {
        broken = fail(
          'prev_hash does not match the hash of the seal before it (a seal was inserted, deleted, reordered or edited)',
        );
        break walk;
      }
      if (chainHash(prevHash, row) !== row.hash) {
        broken = fail('the event does not match its seal (the event or the seal was edited)');
        break walk;
      }
      if (previous && compareSealOrder(previous, row) >= 0) {
        broken = fail('the event is out of sealing order (an event was inserted or reordered)');
        break walk;
      }
      previous = row;
      prevHash = row.hash;
      expectedSeq++;
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    cursor = { seq: Number(last.seq), eventId: last.event_id };
  }

  const rows = expectedSeq - 1;
  const missing = previous ? await firstUnsealedBefore(db, previous, broken?.seq) : null;
  if (missing) return missing;
  if (broken) return broken;
  return { ok: true, rows, head: rows > 0 ? { seq: rows, hash: prevHash } : null };
}

/**
 * An event that sorts before the last verified seal but has no seal was inserted after its
 * place in the chain was sealed (the sealer never goes back). Reported at the seal it precedes.
 */
async function firstUnsealedBefore(
  db: Kysely<DB>,
  lastVerified: ChainedEvent,
  brokenSeq: number | undefined,
): Promise<Extract<AuditVerification, { ok: false }> | null> {
  const orphan = (
    await sql<{ id: string; xid: string; occurred_at: string; before_seq: number | null }>`
      SELECT e.id::text AS id,
             (SELECT min(s2.seq)::int8 FROM audit_seals s2 JOIN audit_events e2 ON e2.id = s2.event_id
               WHERE (e2.xid, e2.occurred_at, e2.id) > (e.xid, e.occurred_at, e.id)) AS before_seq
      FROM audit_events e
      WHERE (e.xid, e.occurred_at, e.id) <
              (${lastVerified.xid}::xid8, ${lastVerified.occurred_at}::timestamptz, ${lastVerified.id}::uuid)
        AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.event_id = e.id)
      ORDER BY e.xid, e.occurred_at, e.id
      LIMIT 1`.execute(db)
  ).rows[0];
  if (!orphan) return null;
  const seq = Number(orphan.before_seq ?? 1);
  if (brokenSeq !== undefined && brokenSeq < seq) return null;
  return {
    ok: false,
    seq,
    eventId: orphan.id,
    problem: `an event with no seal sorts before seal ${seq} (it was inserted after that part of the chain was sealed)`,
  };
}
