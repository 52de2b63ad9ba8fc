import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { checkpointProblem, sealMac, type AuditKeyring } from '../../domain/audit-keys.ts';
import type { AuditAnchors } from './anchors.ts';
import type { LatestCheckpoint } from './checkpoint.ts';
import type { Broken } from './verify.ts';

/**
 * Which MACs are checked: every MAC_SAMPLE-th seal's, the last seal's, and the last seal of each
 * key. With the hash chain verified in the database, a seal's hash stands for the seal and every
 * seal before it, so one genuine MAC vouches for the whole chain up to it; only where one fails
 * are the MACs before it read one by one, to name the first seal that was changed. Checking
 * every MAC would add nothing about the log and double the time verify-audit takes
 * (docs/performance.md); the last seal of each key makes every key in use, retired ones
 * included, verify something.
 */
export const MAC_SAMPLE = 1000;

type MacRow = { seq: string; hash: Uint8Array; key_id: string | null; mac: Uint8Array | null };

const eventOf = async (trx: Transaction<DB>, seq: number) =>
  (
    await sql<{ id: string }>`
      SELECT event_id::text AS id FROM audit_seals WHERE seq = ${seq} LIMIT 1`.execute(trx)
  ).rows[0]?.id ?? null;

const bytes = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/**
 * The first seal below `before` (the first problem the database found; the whole chain when
 * none) whose MAC is missing, made with a key that is not configured, or not the HMAC of its
 * seq and hash. Someone who recomputed the chain without the key fails here at the first seal
 * they changed.
 */
export async function firstBadMac(
  trx: Transaction<DB>,
  keyring: AuditKeyring,
  before: number | undefined,
): Promise<Broken | null> {
  const below = before === undefined ? sql`` : sql`AND s.seq < ${before}`;
  // One pass: the first seal with no MAC (key_id null), and the last seal of each key.
  const keys = (
    await sql<{ key_id: string | null; first: string; last: string }>`
      SELECT m.key_id, min(s.seq)::text AS first, max(s.seq)::text AS last
      FROM audit_seals s LEFT JOIN audit_seal_macs m ON m.seq = s.seq
      WHERE true ${below}
      GROUP BY m.key_id`.execute(trx)
  ).rows;
  if (keys.length === 0) return null;
  const also = keys.map((k) => Number(k.last));
  const sampled = (
    await sql<MacRow>`
      SELECT s.seq::text AS seq, s.hash, m.key_id, m.mac
      FROM audit_seals s LEFT JOIN audit_seal_macs m ON m.seq = s.seq
      WHERE (s.seq % ${MAC_SAMPLE} = 0 OR s.seq IN (${sql.join(also)})) ${below}
      ORDER BY s.seq`.execute(trx)
  ).rows;
  let bad: Broken | null = null;
  let vouched = 0;
  for (const row of sampled) {
    if (macProblem(keyring, Number(row.seq), row)) {
      bad = await firstBadMacBetween(trx, keyring, vouched, Number(row.seq));
      break;
    }
    vouched = Number(row.seq);
  }
  // A MAC deleted where no sample looked: the log is intact, but someone removed evidence.
  const unkeyed = keys.find((k) => k.key_id === null);
  if (unkeyed && (!bad || Number(unkeyed.first) < bad.seq)) {
    const seq = Number(unkeyed.first);
    return { ok: false, seq, eventId: await eventOf(trx, seq), problem: NO_MAC };
  }
  return bad;
}

/** Reads the MACs after `vouched` up to `to` one by one; the one at `to` is known bad. */
async function firstBadMacBetween(
  trx: Transaction<DB>,
  keyring: AuditKeyring,
  vouched: number,
  to: number,
): Promise<Broken> {
  const rows = (
    await sql<MacRow>`
      SELECT s.seq::text AS seq, s.hash, m.key_id, m.mac
      FROM audit_seals s LEFT JOIN audit_seal_macs m ON m.seq = s.seq
      WHERE s.seq > ${vouched} AND s.seq <= ${to}
      ORDER BY s.seq`.execute(trx)
  ).rows;
  for (const row of rows) {
    const seq = Number(row.seq);
    const problem = macProblem(keyring, seq, row);
    if (problem) return { ok: false, seq, eventId: await eventOf(trx, seq), problem };
  }
  throw new Error(`the MAC of audit seal ${to} failed, then passed`);
}

const NO_MAC =
  'the seal has no MAC (its MAC was deleted, or the chain was never keyed: run seal-audit with the key once)';

function macProblem(keyring: AuditKeyring, seq: number, row: MacRow): string | null {
  if (!row.mac || !row.key_id) return NO_MAC;
  const key = keyring.byId.get(row.key_id);
  if (!key) {
    return `the seal's MAC was made with key ${row.key_id}, which is not configured (add it to the key set as a retired key)`;
  }
  if (!sealMac(key, seq, row.hash).equals(bytes(row.mac))) {
    return "the seal's MAC does not match: the seal was changed without the key (the chain was recomputed from here, or the seal edited)";
  }
  return null;
}

/**
 * How the chain disagrees with the latest checkpoint: not signed by a configured key, shorter
 * than the checkpoint (events and seals deleted from the end, or the tables emptied), or with
 * another hash at the checkpoint's seq. With no checkpoint at all, a chain with seals fails too:
 * every sealing run leaves one.
 */
export async function checkpointMismatch(
  trx: Transaction<DB>,
  anchors: AuditAnchors,
  latest: LatestCheckpoint,
  head: { seq: number; hash: string } | null,
): Promise<Broken | null> {
  const fail = (seq: number, problem: string, eventId: string | null = null): Broken => ({
    ok: false,
    seq,
    eventId,
    problem,
  });
  if (!latest.found) {
    return head
      ? fail(
          1,
          `there is no checkpoint in ${anchors.checkpointDir}, but the chain has ${head.seq} seals and every sealing run writes one (was the folder emptied, or is AUDIT_CHECKPOINT_DIR not the sealer's folder?)`,
        )
      : null;
  }
  const checkpoint = latest.checkpoint;
  if (!checkpoint) {
    return fail(latest.seq, `the checkpoint file ${latest.file} cannot be read as a checkpoint`);
  }
  const untrusted = checkpointProblem(anchors.keyring, checkpoint);
  if (untrusted) {
    return fail(checkpoint.seq, `the checkpoint ${latest.file} cannot be trusted: ${untrusted}`);
  }
  const written = `the checkpoint written at ${checkpoint.time}`;
  if (!head || head.seq < checkpoint.seq) {
    const from = (head?.seq ?? 0) + 1;
    const range = from < checkpoint.seq ? `${from}–${checkpoint.seq}` : `${from}`;
    return fail(
      from,
      `seals ${range} are missing: ${written} says the chain reached seq ${checkpoint.seq}, but it ${head ? `ends at seq ${head.seq}` : 'is empty'} (events and seals were deleted from the end)`,
    );
  }
  const there =
    head.seq === checkpoint.seq
      ? head.hash
      : (
          await sql<{ hash: string }>`
            SELECT encode(hash, 'hex') AS hash FROM audit_seals
            WHERE seq = ${checkpoint.seq} LIMIT 1`.execute(trx)
        ).rows[0]?.hash;
  if (there !== checkpoint.hash) {
    return fail(
      checkpoint.seq,
      `the seal's hash is not the one in ${written} (the chain was rewritten up to here)`,
      await eventOf(trx, checkpoint.seq),
    );
  }
  return null;
}
