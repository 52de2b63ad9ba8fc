import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AuditAnchors } from './anchors.ts';
import { canonicalEventSql, GENESIS_HASH } from './chain.ts';
import { latestCheckpoint, type LatestCheckpoint } from './checkpoint.ts';
import { checkpointMismatch, firstBadMac } from './verify-anchors.ts';

export type AuditVerification =
  | {
      ok: true;
      rows: number;
      /** The last seal (each sealing run also writes it to a checkpoint and the log). */
      head: { seq: number; hash: string } | null;
    }
  | { ok: false; seq: number; eventId: string | null; problem: string };

export type Broken = Extract<AuditVerification, { ok: false }>;

/** An event's place in the sealing order: (xid, occurred_at, id), as text. */
interface SealKey {
  xid: string;
  occurred_at: string;
  id: string;
}

/**
 * The checks of one seal against the seal before it in seq order, first failure first: the same
 * seq twice or a gap, its event gone, a prev_hash that is not the previous seal's hash, a hash
 * that is not SHA-256(prev_hash ‖ canonical event), an event that does not sort after the
 * previous seal's event.
 */
const PROBLEMS = {
  duplicate: (seq: number) => `seq ${seq} appears twice (a seal was inserted)`,
  gap: (seq: number, n: number) =>
    `seals ${n}${seq - 1 > n ? `–${seq - 1}` : ''} are missing (deleted)`,
  missing: () => 'the event of this seal is missing (deleted)',
  prev: () =>
    'prev_hash does not match the hash of the seal before it (a seal was inserted, deleted, reordered or edited)',
  hash: () => 'the event does not match its seal (the event or the seal was edited)',
  order: () => 'the event is out of sealing order (an event was inserted or reordered)',
} as const;

/**
 * Checks the whole chain (docs/audit.md, "What verify-audit detects"), in one repeatable-read
 * snapshot while the sealer goes on:
 * 1. in the database, in one pass: every seal against the one before it (window functions over
 *    seq order), its hash recomputed by PostgreSQL's sha256 over the same canonical text the
 *    sealer hashed; then events the chain should hold but does not;
 * 2. in Node, the keyed MACs below the first problem of 1 (verify-anchors.ts: a sample vouches
 *    for the verified chain before it; where one fails, the seals before it one by one), each
 *    with the key its key id names;
 * 3. against the latest checkpoint outside the database: the chain reaches its seq and has its
 *    hash there.
 * Reports whichever problem comes first in the chain.
 */
export async function verifyAudit(
  db: Kysely<DB>,
  anchors: AuditAnchors,
): Promise<AuditVerification> {
  // Before the snapshot: any checkpoint on disk now was written after its seals committed, so
  // the snapshot holds them (read afterwards, a sealer's newer checkpoint would look like loss).
  const checkpoint = latestCheckpoint(anchors.checkpointDir);
  const result = await verifyIn(db, anchors, checkpoint);
  // The first sealing run of a chain commits before it writes the first checkpoint: once more.
  if (result.ok || checkpoint.found) return result;
  const now = latestCheckpoint(anchors.checkpointDir);
  return now.found ? verifyIn(db, anchors, now) : result;
}

async function verifyIn(
  db: Kysely<DB>,
  anchors: AuditAnchors,
  checkpoint: LatestCheckpoint,
): Promise<AuditVerification> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // Plain aggregation over one index-ordered pass: JIT costs more than it saves here.
      await sql`SET LOCAL jit = off`.execute(trx);
      const broken = await chainProblem(trx);
      const badMac = await firstBadMac(trx, anchors.keyring, broken?.seq);
      const head = await chainHead(trx);
      const unanchored = await checkpointMismatch(trx, anchors, checkpoint, head);
      const first = [broken, badMac, unanchored]
        .filter((problem): problem is Broken => problem !== null)
        .sort((a, b) => a.seq - b.seq)[0];
      if (first) return first;
      return { ok: true, rows: head?.seq ?? 0, head };
    });
}

/**
 * The first problem of the unkeyed chain (steps 1 of verifyAudit), in the transaction given:
 * also run by the sealer before it keys a chain sealed without a key.
 */
export async function chainProblem(trx: Transaction<DB>): Promise<Broken | null> {
  const broken = await firstBroken(trx);
  const previous = broken ? broken.previous : await lastSealedKey(trx);
  const missing = previous ? await firstUnsealedBefore(trx, previous, broken?.seq) : null;
  if (missing) return missing;
  if (!broken) return null;
  return { ok: false, seq: broken.seq, eventId: broken.eventId, problem: broken.problem };
}

async function firstBroken(
  trx: Transaction<DB>,
): Promise<(Broken & { previous: SealKey | null }) | null> {
  const row = (
    await sql<{
      seq: string;
      n: string;
      event_id: string;
      problem: keyof typeof PROBLEMS;
      p_xid: string | null;
      p_at: string | null;
      p_id: string | null;
    }>`
      WITH walk AS (
        SELECT s.seq, s.event_id, s.prev_hash, s.hash, e.id AS found_id,
               e.xid, e.occurred_at,
               row_number() OVER w AS n,
               lag(s.hash) OVER w AS before_hash,
               lag(e.xid) OVER w AS p_xid,
               lag(e.occurred_at) OVER w AS p_at,
               lag(e.id) OVER w AS p_id,
               CASE WHEN e.id IS NOT NULL
                 THEN sha256(s.prev_hash || convert_to(${canonicalEventSql}, 'UTF8')) END AS computed
        FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.event_id
        WINDOW w AS (ORDER BY s.seq, s.event_id)
      ), judged AS (
        SELECT *, CASE
          WHEN seq < n THEN 'duplicate'
          WHEN seq > n THEN 'gap'
          WHEN found_id IS NULL THEN 'missing'
          WHEN prev_hash <> coalesce(before_hash, decode(${GENESIS_HASH}, 'hex')) THEN 'prev'
          WHEN computed <> hash THEN 'hash'
          WHEN p_id IS NOT NULL AND (p_xid, p_at, p_id) >= (xid, occurred_at, found_id) THEN 'order'
        END AS problem
        FROM walk
      )
      SELECT seq::text AS seq, n::text AS n, event_id::text AS event_id, problem,
             p_xid::text AS p_xid, p_id::text AS p_id,
             to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS p_at
      FROM judged WHERE problem IS NOT NULL
      ORDER BY judged.seq, judged.event_id LIMIT 1`.execute(trx)
  ).rows[0];
  if (!row) return null;
  const seq = Number(row.seq);
  return {
    ok: false,
    seq,
    eventId: row.event_id,
    problem: PROBLEMS[row.problem](seq, Number(row.n)),
    previous:
      row.p_xid && row.p_at && row.p_id
        ? { xid: row.p_xid, occurred_at: row.p_at, id: row.p_id }
        : null,
  };
}

/** The event of the last seal, when the chain verified to the end. */
async function lastSealedKey(trx: Transaction<DB>): Promise<SealKey | null> {
  return (
    (
      await sql<SealKey>`
        SELECT e.xid::text AS xid, e.id::text AS id,
               to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at
        FROM audit_seals s JOIN audit_events e ON e.id = s.event_id
        ORDER BY s.seq DESC LIMIT 1`.execute(trx)
    ).rows[0] ?? null
  );
}

export async function chainHead(
  trx: Transaction<DB>,
): Promise<{ seq: number; hash: string } | null> {
  const head = (
    await sql<{ seq: string; hash: string }>`
      SELECT s.seq::text AS seq, encode(s.hash, 'hex') AS hash
      FROM audit_seals s ORDER BY s.seq DESC LIMIT 1`.execute(trx)
  ).rows[0];
  return head ? { seq: Number(head.seq), hash: head.hash } : null;
}

/**
 * An event that sorts before the last verified seal but has no seal was inserted after its
 * place in the chain was sealed (the sealer never goes back). Reported at the seal it precedes.
 */
async function firstUnsealedBefore(
  db: Transaction<DB>,
  lastVerified: SealKey,
  brokenSeq: number | undefined,
): Promise<Broken | null> {
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
