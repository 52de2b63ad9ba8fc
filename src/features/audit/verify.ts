import { sql, type Kysely, type Transaction } from 'kysely';
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
  // One snapshot for the walk and the search for unsealed events, while the sealer goes on.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const walked = await walkChain(trx);
      const { broken, previous } = walked;
      const missing = previous ? await firstUnsealedBefore(trx, previous, broken?.seq) : null;
      if (missing) return missing;
      if (broken) return broken;
      const rows = walked.rows;
      return { ok: true, rows, head: rows > 0 ? { seq: rows, hash: walked.head } : null };
    });
}

/**
 * Reads seals with their events through one cursor in seq order, a page per FETCH: one join
 * planned for the whole walk (a hash join, not a lookup per row) and no page edges for a
 * duplicated seq to hide on.
 */
async function walkChain(trx: Transaction<DB>): Promise<{
  rows: number;
  head: string;
  previous: ChainedEvent | null;
  broken: Extract<AuditVerification, { ok: false }> | null;
}> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let previous: ChainedEvent | null = null;
  const done = (broken: Extract<AuditVerification, { ok: false }> | null) => ({
    rows: expectedSeq - 1,
    head: prevHash,
    previous,
    broken,
  });
  // Plan for reading every row, not the first few.
  await sql`SET LOCAL cursor_tuple_fraction = 1`.execute(trx);
  await sql`
    DECLARE audit_walk NO SCROLL CURSOR FOR
    SELECT s.seq::int8 AS seq, s.event_id::text AS event_id,
           encode(s.prev_hash, 'hex') AS prev_hash, encode(s.hash, 'hex') AS hash,
           e.id IS NOT NULL AS found, ${chainedEventColumns}
    FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.event_id
    ORDER BY s.seq, s.event_id`.execute(trx);
  for (;;) {
    const page = (await sql<SealRow>`FETCH ${sql.lit(PAGE)} FROM audit_walk`.execute(trx)).rows;
    for (const row of page) {
      const seq = Number(row.seq);
      const fail = (problem: string) =>
        done({ ok: false as const, seq, eventId: row.event_id, problem });
      if (seq !== expectedSeq) {
        return fail(
          seq < expectedSeq
            ? `seq ${seq} appears twice (a seal was inserted)`
            : `seals ${expectedSeq}${seq - 1 > expectedSeq ? `–${seq - 1}` : ''} are missing (deleted)`,
        );
      }
      if (!row.found) return fail('the event of this seal is missing (deleted)');
      if (row.prev_hash !== prevHash) {
        return fail(
          'prev_hash does not match the hash of the seal before it (a seal was inserted, deleted, reordered or edited)',
        );
      }
      if (chainHash(prevHash, row) !== row.hash) {
        return fail('the event does not match its seal (the event or the seal was edited)');
      }
      if (previous && compareSealOrder(previous, row) >= 0) {
        return fail('the event is out of sealing order (an event was inserted or reordered)');
      }
      previous = row;
      prevHash = row.hash;
      expectedSeq++;
    }
    if (page.length < PAGE) return done(null);
  }
}

/**
 * An event that sorts before the last verified seal but has no seal was inserted after its
 * place in the chain was sealed (the sealer never goes back). Reported at the seal it precedes.
 */
async function firstUnsealedBefore(
  db: Transaction<DB>,
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
