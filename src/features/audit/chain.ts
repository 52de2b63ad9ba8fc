import { createHash } from 'node:crypto';
import { sql } from 'kysely';

/**
 * How an audit event is hashed into the chain. Every column of audit_events is read as text in
 * SQL, in a form that does not depend on the driver or the session (UTC timestamps with
 * microseconds, jsonb's own normalised text), then serialised as a JSON array in this order.
 * Adding a column to audit_events means adding it here (chain.test.ts fails until then).
 */
export const CHAINED_COLUMNS = [
  'id',
  'occurred_at',
  'xid',
  'actor_user_id',
  'actor_role',
  'hub_id',
  'action',
  'subject_type',
  'subject_id',
  'person_id',
  'reason',
  'request_id',
  'outcome',
  'detail',
] as const;

export type ChainedEvent = Record<(typeof CHAINED_COLUMNS)[number], string | null>;

/** The select list that reads an event (aliased `e`) as ChainedEvent. */
export const chainedEventColumns = sql.raw(`
  e.id::text AS id,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  e.xid::text AS xid,
  e.actor_user_id::text AS actor_user_id,
  e.actor_role,
  e.hub_id::text AS hub_id,
  e.action,
  e.subject_type,
  e.subject_id,
  e.person_id::text AS person_id,
  e.reason,
  e.request_id,
  e.outcome,
  e.detail::text AS detail`);

/** The chain starts from 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

export function canonicalEvent(event: ChainedEvent): string {
  return JSON.stringify(CHAINED_COLUMNS.map((column) => event[column]));
}

/** SHA-256(prev_hash ‖ canonical event), as lower-case hex. */
export function chainHash(prevHashHex: string, event: ChainedEvent): string {
  return createHash('sha256')
    .update(Buffer.from(prevHashHex, 'hex'))
    .update(canonicalEvent(event), 'utf8')
    .digest('hex');
}

/** The sealing order: xid, then occurred_at, then id (uuid order is its hex text order). */
export function compareSealOrder(a: ChainedEvent, b: ChainedEvent): number {
  const xa = BigInt(a.xid ?? '0');
  const xb = BigInt(b.xid ?? '0');
  if (xa !== xb) return xa < xb ? -1 : 1;
  const ta = a.occurred_at ?? '';
  const tb = b.occurred_at ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = a.id ?? '';
  const ib = b.id ?? '';
  return ia === ib ? 0 : ia < ib ? -1 : 1;
}
