import { createHash } from 'node:crypto';
import { sql } from 'kysely';

/**
 * How an audit event is hashed into the chain. Every column of audit_events is read as text in
 * a form that does not depend on the driver or the session (UTC timestamps with microseconds,
 * jsonb's own normalised text); the canonical event is those values as a JSON array in this
 * order. Adding a column to audit_events means adding it here (chain.test.ts fails until then).
 *
 * Columns added after rows were sealed (WHEN_PRESENT) are appended to the array only when not
 * null: a row written before the column existed (null there) hashes exactly as it did, so old
 * chains still verify, and a row that has a value is covered by the chain like any other.
 */
const CHAINED = {
  id: 'e.id::text',
  occurred_at: `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  xid: 'e.xid::text',
  actor_user_id: 'e.actor_user_id::text',
  actor_role: 'e.actor_role::text',
  hub_id: 'e.hub_id::text',
  action: 'e.action::text',
  subject_type: 'e.subject_type::text',
  subject_id: 'e.subject_id::text',
  person_id: 'e.person_id::text',
  reason: 'e.reason::text',
  request_id: 'e.request_id::text',
  outcome: 'e.outcome::text',
  detail: 'e.detail::text',
} as const;

/** In the chain when not null (appended in this order): see above. */
const WHEN_PRESENT = {
  actor_client_id: 'e.actor_client_id::text',
} as const;

const ALWAYS_COLUMNS = Object.keys(CHAINED) as (keyof typeof CHAINED)[];
const PRESENT_COLUMNS = Object.keys(WHEN_PRESENT) as (keyof typeof WHEN_PRESENT)[];

export const CHAINED_COLUMNS = [...ALWAYS_COLUMNS, ...PRESENT_COLUMNS];

export type ChainedEvent = Record<keyof typeof CHAINED, string | null> &
  Partial<Record<keyof typeof WHEN_PRESENT, string | null>>;

/**
 * The canonical event of the row aliased `e`, made in SQL: the same text as
 * `canonicalEvent` (JSON.stringify of the values), so the database can hash the chain itself.
 * PostgreSQL's JSON string escaping is JavaScript's for every string a text column can hold
 * (chain.test.ts checks this on random Unicode, on both databases).
 */
export const canonicalEventSql = sql.raw(
  `('[' || ${ALWAYS_COLUMNS.map((c) => `coalesce(to_json(${CHAINED[c]})::text, 'null')`).join(
    " || ',' || ",
  )}${PRESENT_COLUMNS.map((c) => ` || coalesce(',' || to_json(${WHEN_PRESENT[c]})::text, '')`).join('')} || ']')`,
);

/** The select list that reads the event aliased `e` as ChainedEvent. */
export const chainedEventColumns = sql.raw(
  [
    ...ALWAYS_COLUMNS.map((c) => `${CHAINED[c]} AS ${c}`),
    ...PRESENT_COLUMNS.map((c) => `${WHEN_PRESENT[c]} AS ${c}`),
  ].join(', '),
);

/** The chain starts from 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

/** The specification of the canonical form: the values as a JSON array in column order. */
export function canonicalEvent(event: ChainedEvent): string {
  return JSON.stringify([
    ...ALWAYS_COLUMNS.map((column) => event[column]),
    ...PRESENT_COLUMNS.flatMap((column) =>
      event[column] === null || event[column] === undefined ? [] : [event[column]],
    ),
  ]);
}

/** SHA-256(prev_hash ‖ canonical event), as lower-case hex. */
export function chainHash(prevHashHex: string, canonical: string): string {
  return createHash('sha256')
    .update(Buffer.from(prevHashHex, 'hex'))
    .update(canonical, 'utf8')
    .digest('hex');
}
