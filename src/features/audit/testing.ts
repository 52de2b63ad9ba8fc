import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { auditKeyId, auditKeyring, type AuditKey } from '../../domain/audit-keys.ts';
import type { Clock } from '../../domain/clock.ts';
import type { AuditAnchors } from './anchors.ts';
import { canonicalEventSql, chainHash, GENESIS_HASH } from './chain.ts';
import { recordAudit, type AuditActor } from './record.ts';

/** A fresh random audit key. */
export function testAuditKey(): AuditKey {
  const secret = randomBytes(32);
  return { id: auditKeyId(secret), secret };
}

/** The environment that gives a child process (the server, the CLI) the same anchors. */
export function anchorsEnv(anchors: AuditAnchors): Record<string, string> {
  return {
    AUDIT_KEY: [...anchors.keyring.byId.values()].map((k) => k.secret.toString('hex')).join(','),
    AUDIT_CHECKPOINT_DIR: anchors.checkpointDir,
  };
}

const folders: string[] = [];

/**
 * Anchors for one test database: the given keys (newest first; a fresh key by default) and a
 * checkpoint folder of its own, removed when the process exits.
 */
export function testAnchors(keys: AuditKey[] = [testAuditKey()]): AuditAnchors {
  const checkpointDir = mkdtempSync(join(tmpdir(), 'cicero-audit-checkpoints-'));
  if (folders.length === 0) {
    process.once('exit', () => {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });
  }
  folders.push(checkpointDir);
  return { keyring: auditKeyring(keys), checkpointDir };
}

export const testActor: AuditActor = {
  userId: null,
  role: 'clinician',
  hubId: null,
  requestId: 'req-test',
};

/** Writes `count` audit events, each in its own transaction, a second apart. */
export async function writeEvents(
  db: Kysely<DB>,
  clock: Clock & { advance(ms: number): void },
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, clock, testActor, {
        action: 'consultation',
        subjectType: 'case',
        subjectId: `case-${i}`,
        detail: { n: i },
      });
    });
    clock.advance(1000);
  }
}

/**
 * Runs statements as someone with direct access to the database who switches the append-only
 * triggers off first (the owner can; the application's role cannot). Statements end with ';'
 * and a new line.
 */
export async function tamper(db: Kysely<DB>, statements: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tables = ['audit_events', 'audit_seals', 'audit_seal_macs'];
    for (const table of tables) {
      await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`).execute(trx);
    }
    // One statement per line-ending semicolon: prepared statements take one command each.
    for (const statement of statements.split(/;\s*\n/)) await sql.raw(statement).execute(trx);
    for (const table of tables) {
      await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`).execute(trx);
    }
  });
}

/**
 * Waits until every audit event written so far can be sealed. xids are cluster-wide: on a shared
 * PostgreSQL server another database's open transaction holds sealing back for a while.
 */
export async function waitUntilSealable(db: Kysely<DB>): Promise<void> {
  for (let waited = 0; ; waited += 25) {
    const ready = await sql<{ ready: boolean | null }>`
      SELECT (SELECT max(xid::text::numeric) FROM audit_events)
               < pg_snapshot_xmin(pg_current_snapshot())::text::numeric AS ready`.execute(db);
    const value = ready.rows[0]?.ready;
    if (value === null || value === true) return;
    if (waited > 60_000) throw new Error('other transactions held audit sealing back for a minute');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What an attacker without the key can do: recompute SHA-256(prev_hash ‖ event) from `from`. */
export async function recomputeUnkeyedChain(db: Kysely<DB>, from: number): Promise<void> {
  const seals = (
    await sql<{ seq: string; canonical: string }>`
      SELECT s.seq::text AS seq, ${canonicalEventSql} AS canonical
      FROM audit_seals s JOIN audit_events e ON e.id = s.event_id
      WHERE s.seq >= ${from} ORDER BY s.seq`.execute(db)
  ).rows;
  let prev =
    from === 1
      ? GENESIS_HASH
      : (
          await sql<{ hash: string }>`
            SELECT encode(hash, 'hex') AS hash FROM audit_seals WHERE seq = ${from - 1}`.execute(db)
        ).rows[0]!.hash;
  const statements = seals.map((seal) => {
    const hash = chainHash(prev, seal.canonical);
    const statement = `UPDATE audit_seals SET prev_hash = decode('${prev}', 'hex'), hash = decode('${hash}', 'hex') WHERE seq = ${seal.seq}`;
    prev = hash;
    return statement;
  });
  await tamper(db, statements.join(';\n'));
}
