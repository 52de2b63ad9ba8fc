import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from './record.ts';

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
    await sql.raw('ALTER TABLE audit_events DISABLE TRIGGER USER').execute(trx);
    await sql.raw('ALTER TABLE audit_seals DISABLE TRIGGER USER').execute(trx);
    // One statement per line-ending semicolon: prepared statements take one command each.
    for (const statement of statements.split(/;\s*\n/)) await sql.raw(statement).execute(trx);
    await sql.raw('ALTER TABLE audit_events ENABLE TRIGGER USER').execute(trx);
    await sql.raw('ALTER TABLE audit_seals ENABLE TRIGGER USER').execute(trx);
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
