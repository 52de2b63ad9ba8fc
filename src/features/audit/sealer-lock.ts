import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

// Any fixed number, distinct from the migration lock: one sealer at a time across instances.
const SEALER_LOCK = 7242011;

/** Holds the sealer's advisory lock until the transaction ends. */
export async function lockSealer(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(SEALER_LOCK)})`.execute(trx);
}

export class AuditChainError extends Error {}
