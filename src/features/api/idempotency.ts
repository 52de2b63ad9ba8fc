import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';

/** How long a key is remembered: a client retries within minutes; a day is ample. */
export const KEY_LIFETIME_HOURS = 24;
const HOUR = 60 * 60 * 1000;

/** A key as clients send it: printable ASCII, 1 to 255 characters (UUIDs are usual). */
export const isIdempotencyKey = (key: string): boolean => /^[\x21-\x7e]{1,255}$/.test(key);

/** JSON with its object keys sorted, so the same body hashes the same however it is written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, item]) => `${JSON.stringify(k)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of a request: who it is made as, and its body. The body itself is not kept. */
export const requestHash = (actingUserId: string, body: unknown): string =>
  createHash('sha256')
    .update(`${actingUserId}\n${canonical(body)}`)
    .digest('hex');

export interface KeyRecord {
  requestHash: string;
  draftId: string;
  draftKey: string;
  response: { status: number; body: unknown } | null;
}

export interface KeyDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** The client's key, unless it has expired (an expired key is forgotten, and may be used again). */
export async function findKey(
  { db, clock }: KeyDeps,
  { clientId, key }: { clientId: string; key: string },
): Promise<KeyRecord | null> {
  await db
    .deleteFrom('api_idempotency_keys')
    .where('client_id', '=', clientId)
    .where('idempotency_key', '=', key)
    .where('expires_at', '<=', clock.now())
    .execute();
  const row = await db
    .selectFrom('api_idempotency_keys')
    .select(['request_hash', 'draft_id', 'draft_key', 'response_status', 'response_body'])
    .where('client_id', '=', clientId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  return {
    requestHash: row.request_hash,
    draftId: row.draft_id,
    draftKey: row.draft_key,
    response:
      row.response_status === null
        ? null
        : { status: row.response_status, body: row.response_body },
  };
}

/**
 * Claims the key for this request and its draft. False when another request claimed it first
 * (the caller then reads that one's record).
 */
export async function claimKey(
  { db, clock }: KeyDeps,
  claim: {
    clientId: string;
    key: string;
    hash: string;
    actingUserId: string;
    draft: { id: string; key: string };
  },
): Promise<boolean> {
  const now = clock.now();
  const inserted = await db
    .insertInto('api_idempotency_keys')
    .values({
      client_id: claim.clientId,
      idempotency_key: claim.key,
      request_hash: claim.hash,
      acting_user_id: claim.actingUserId,
      draft_id: claim.draft.id,
      draft_key: claim.draft.key,
      created_at: now,
      expires_at: new Date(now.getTime() + KEY_LIFETIME_HOURS * HOUR),
    })
    .onConflict((oc) => oc.columns(['client_id', 'idempotency_key']).doNothing())
    .returning('client_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Forgets a key whose request was not sent, so nothing is left of a refused request. */
export async function forgetKey(
  db: Kysely<DB>,
  { clientId, key }: { clientId: string; key: string },
): Promise<void> {
  await db
    .deleteFrom('api_idempotency_keys')
    .where('client_id', '=', clientId)
    .where('idempotency_key', '=', key)
    .where('response_status', 'is', null)
    .execute();
}

/** Keeps the first answer, to give again to a repeat. */
export async function rememberAnswer(
  db: Kysely<DB>,
  record: { clientId: string; key: string; caseId: string; status: number; body: unknown },
): Promise<void> {
  await db
    .updateTable('api_idempotency_keys')
    .set({
      case_id: record.caseId,
      response_status: record.status,
      response_body: JSON.stringify(record.body),
    })
    .where('client_id', '=', record.clientId)
    .where('idempotency_key', '=', record.key)
    .execute();
}
