import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  checkpointProblem,
  sealMac,
  signCheckpoint,
  type Checkpoint,
} from '../../domain/audit-keys.ts';
import type { Clock } from '../../domain/clock.ts';
import type { AuditAnchors } from './anchors.ts';
import { canonicalEventSql, chainHash, GENESIS_HASH } from './chain.ts';
import { latestCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { keyUnkeyedChain } from './rekey.ts';
import { AuditChainError, lockSealer } from './sealer-lock.ts';

export { AuditChainError };

export const SEAL_BATCH = 5000;

export interface SealPass {
  /** Seals appended in this pass. */
  sealed: number;
  /** The chain's head after the pass (null while nothing is sealed). */
  head: { seq: number; hash: string } | null;
}

export interface SealRun extends SealPass {
  /** Seals sealed before keys existed that this run gave MACs (once, the first time). */
  keyed: number;
  /** The checkpoint this run signed (null when it sealed nothing). */
  checkpoint: Checkpoint | null;
  /** False when a checkpoint at the same or a later seq was there already (another sealer). */
  checkpointWritten: boolean;
}

/**
 * One sealing pass, in one transaction under an advisory lock: appends seals for up to `batch`
 * events whose writing transactions have all finished (xid below the snapshot's xmin), in
 * (xid, occurred_at, id) order, continuing from the last sealed event, each with its MAC under
 * the current key. Because every event below xmin is visible and taken in order, the sealed
 * order only ever grows: writers never wait for the sealer, and a later pass never needs to
 * seal an earlier event. Stops with AuditChainError, sealing nothing, when the chain's head
 * has lost its event or its MAC, or the chain no longer holds the latest checkpoint: building on
 * it would hide what happened.
 */
export async function sealAuditPass(
  db: Kysely<DB>,
  clock: Clock,
  anchors: AuditAnchors,
  batch = SEAL_BATCH,
): Promise<SealPass> {
  return db.transaction().execute(async (trx) => {
    await lockSealer(trx);
    // Read after the lock: another sealer's pass has committed by now.
    const last = (
      await sql<{
        seq: string;
        hash: string;
        keyed: boolean;
        xid: string | null;
        occurred_at: string | null;
        id: string | null;
      }>`
        SELECT s.seq::text AS seq, encode(s.hash, 'hex') AS hash, m.seq IS NOT NULL AS keyed,
               e.xid::text AS xid,
               to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
               e.id::text AS id
        FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.event_id
          LEFT JOIN audit_seal_macs m ON m.seq = s.seq
        ORDER BY s.seq DESC LIMIT 1`.execute(trx)
    ).rows[0];
    const head = last ? { seq: Number(last.seq), hash: last.hash } : null;
    if (last && !last.id) {
      throw new AuditChainError(
        `The event of audit seal ${last.seq} is missing; sealing stopped. Run verify-audit.`,
      );
    }
    if (last && !last.keyed) {
      throw new AuditChainError(
        `Audit seal ${last.seq} has no MAC; sealing stopped. Run verify-audit.`,
      );
    }
    await holdsLatestCheckpoint(trx, anchors, head);
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
    if (events.length === 0) return { sealed: 0, head };

    const key = anchors.keyring.current;
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS_HASH;
    const seals = events.map((event) => {
      const hash = chainHash(prev, event.canonical);
      seq += 1;
      const mac = sealMac(key, seq, Buffer.from(hash, 'hex')).toString('hex');
      const seal = { seq, event_id: event.id, prev_hash: prev, hash, mac };
      prev = hash;
      return seal;
    });
    // One statement for the seals and their MACs; JSON keeps it identical on both drivers.
    await sql`
      WITH r AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(seals)}::jsonb)
          AS r(seq bigint, event_id uuid, prev_hash text, hash text, mac text)
      ), sealed AS (
        INSERT INTO audit_seals (seq, event_id, prev_hash, hash, sealed_at)
        SELECT r.seq, r.event_id, decode(r.prev_hash, 'hex'), decode(r.hash, 'hex'), ${clock.now()}
        FROM r
      )
      INSERT INTO audit_seal_macs (seq, key_id, mac)
      SELECT r.seq, ${key.id}::text, decode(r.mac, 'hex') FROM r`.execute(trx);
    return { sealed: seals.length, head: { seq, hash: prev } };
  });
}

/**
 * The chain must still hold the latest checkpoint before anything is added: otherwise someone
 * cut it short or rewrote it, and new seals (and a newer checkpoint) would cover that up. The
 * checkpoint is read after the lock, so every checkpoint on disk is of seals this pass can see.
 */
async function holdsLatestCheckpoint(
  trx: Transaction<DB>,
  anchors: AuditAnchors,
  head: { seq: number; hash: string } | null,
): Promise<void> {
  const latest = latestCheckpoint(anchors.checkpointDir);
  if (!latest.found) return;
  const stop = (why: string) =>
    new AuditChainError(
      `${why}; sealing stopped. Run verify-audit (is ${anchors.checkpointDir} this database's checkpoint folder?).`,
    );
  const checkpoint = latest.checkpoint;
  if (!checkpoint) throw stop(`The checkpoint ${latest.file} cannot be read`);
  const untrusted = checkpointProblem(anchors.keyring, checkpoint);
  if (untrusted) throw stop(`The checkpoint ${latest.file} cannot be trusted: ${untrusted}`);
  if (!head || head.seq < checkpoint.seq) {
    throw stop(
      `The audit chain ends at seq ${head?.seq ?? 0} but its checkpoint says it reached seq ${checkpoint.seq}`,
    );
  }
  const there = (
    await sql<{ hash: string }>`
      SELECT encode(hash, 'hex') AS hash FROM audit_seals WHERE seq = ${checkpoint.seq} LIMIT 1`.execute(
      trx,
    )
  ).rows[0]?.hash;
  if (there !== checkpoint.hash) {
    throw stop(`Audit seal ${checkpoint.seq} does not have the hash of its checkpoint`);
  }
}

/**
 * Seals until nothing sealable is left (the CLI's seal-audit and the scheduled job): first,
 * once, gives a chain sealed before keys existed its MACs (rekey.ts); then, when it sealed or
 * keyed anything, signs a checkpoint of the head and writes it outside the database.
 */
export async function sealAudit(
  db: Kysely<DB>,
  clock: Clock,
  anchors: AuditAnchors,
  batch = SEAL_BATCH,
): Promise<SealRun> {
  const keyed = await keyUnkeyedChain(db, clock, anchors);
  let sealed = 0;
  for (;;) {
    const pass = await sealAuditPass(db, clock, anchors, batch);
    sealed += pass.sealed;
    if (pass.sealed < batch) {
      if ((sealed === 0 && keyed === 0) || !pass.head) {
        return { sealed, head: pass.head, keyed, checkpoint: null, checkpointWritten: false };
      }
      const checkpoint = signCheckpoint(anchors.keyring, pass.head, clock.now());
      const checkpointWritten = writeCheckpoint(anchors.checkpointDir, checkpoint);
      return { sealed, head: pass.head, keyed, checkpoint, checkpointWritten };
    }
  }
}
