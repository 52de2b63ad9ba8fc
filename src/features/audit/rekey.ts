import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { sealMac } from '../../domain/audit-keys.ts';
import type { Clock } from '../../domain/clock.ts';
import type { AuditAnchors } from './anchors.ts';
import { latestCheckpoint } from './checkpoint.ts';
import { recordAudit } from './record.ts';
import { AuditChainError, lockSealer } from './sealer-lock.ts';
import { chainProblem } from './verify.ts';

const PAGE = 20_000;

/**
 * Keys a chain sealed before seals had MACs (migration 0100), once: under the sealer's lock,
 * verifies the unkeyed chain first and refuses if it is broken, then appends the MAC of every
 * seal under the current key and an audit event saying so, in one transaction. Returns how
 * many seals it keyed (0 when the chain's head has its MAC: the usual case, one cheap query).
 *
 * Refuses when any MAC or checkpoint exists: the chain was keyed before, so a seal without a
 * MAC means MACs were deleted, and keying again would cover up whatever was changed with them.
 */
export async function keyUnkeyedChain(
  db: Kysely<DB>,
  clock: Clock,
  anchors: AuditAnchors,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockSealer(trx);
    const head = (
      await sql<{ seq: string; keyed: boolean; any_mac: boolean }>`
        SELECT s.seq::text AS seq, m.seq IS NOT NULL AS keyed,
               EXISTS (SELECT 1 FROM audit_seal_macs) AS any_mac
        FROM audit_seals s LEFT JOIN audit_seal_macs m ON m.seq = s.seq
        ORDER BY s.seq DESC LIMIT 1`.execute(trx)
    ).rows[0];
    if (!head || head.keyed) return 0;
    const refuse = (why: string) =>
      new AuditChainError(
        `Audit seal ${head.seq} has no MAC, ${why}; the chain was not keyed and sealing stopped. Run verify-audit.`,
      );
    if (head.any_mac) throw refuse('but other seals have one (MACs were deleted)');
    const checkpoint = latestCheckpoint(anchors.checkpointDir);
    if (checkpoint.found) {
      throw refuse(`but ${checkpoint.file} shows the chain was keyed before (MACs were deleted)`);
    }
    const broken = await chainProblem(trx);
    if (broken) {
      throw new AuditChainError(
        `The audit chain is broken at seq ${broken.seq} (${broken.problem}); it was not keyed and sealing stopped. Run verify-audit.`,
      );
    }
    const key = anchors.keyring.current;
    let keyed = 0;
    for (let after = 0; ;) {
      const page = (
        await sql<{ seq: string; hash: Uint8Array }>`
          SELECT seq::text AS seq, hash FROM audit_seals WHERE seq > ${after}
          ORDER BY seq LIMIT ${PAGE}`.execute(trx)
      ).rows;
      if (page.length === 0) break;
      const macs = page.map((seal) => ({
        seq: Number(seal.seq),
        mac: sealMac(key, Number(seal.seq), seal.hash).toString('hex'),
      }));
      await sql`
        INSERT INTO audit_seal_macs (seq, key_id, mac)
        SELECT r.seq, ${key.id}::text, decode(r.mac, 'hex')
        FROM jsonb_to_recordset(${JSON.stringify(macs)}::jsonb) AS r(seq bigint, mac text)`.execute(
        trx,
      );
      keyed += page.length;
      after = macs[macs.length - 1]!.seq;
    }
    await recordAudit(
      trx,
      clock,
      { userId: null, role: null, hubId: null, requestId: null },
      {
        action: 'admin',
        subjectType: 'audit_log',
        detail: { change: 'chain-keyed', seals: keyed, keyId: key.id },
      },
    );
    return keyed;
  });
}
