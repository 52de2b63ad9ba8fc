import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/database.ts';
import fc from 'fast-check';
import {
  canonicalEvent,
  canonicalEventSql,
  CHAINED_COLUMNS,
  chainedEventColumns,
  chainHash,
  GENESIS_HASH,
  type ChainedEvent,
} from './chain.ts';

const event: ChainedEvent = {
  id: '0b7f4a4e-3f6f-4c56-9d6e-1f2a3b4c5d6e',
  occurred_at: '2026-06-01T09:00:00.123456Z',
  xid: '742',
  actor_user_id: null,
  actor_role: 'clinician',
  hub_id: null,
  action: 'consultation',
  subject_type: 'case',
  subject_id: 'case-1',
  person_id: null,
  reason: null,
  request_id: 'req-1',
  outcome: 'success',
  detail: '{"n": 1}',
};

test('every column of audit_events is in the chain, so none can be edited unseen', async () => {
  const database = await testDatabase();
  try {
    const columns = (
      await sql<{ column_name: string }>`
        SELECT column_name::text FROM information_schema.columns
        WHERE table_name = 'audit_events' ORDER BY ordinal_position`.execute(database.db)
    ).rows.map((r) => r.column_name);
    assert.deepEqual([...columns].sort(), [...CHAINED_COLUMNS].sort());
  } finally {
    await database.close();
  }
});

test('the canonical form is the values as a JSON array in column order', () => {
  assert.equal(
    canonicalEvent(event),
    '["0b7f4a4e-3f6f-4c56-9d6e-1f2a3b4c5d6e","2026-06-01T09:00:00.123456Z","742",null,"clinician",null,"consultation","case","case-1",null,null,"req-1","success","{\\"n\\": 1}"]',
  );
});

const canonical = canonicalEvent(event);

test('the hash format is pinned: changing it would break every existing chain', () => {
  // SHA-256 of 32 zero bytes followed by the canonical form above.
  assert.equal(
    chainHash(GENESIS_HASH, canonical),
    'f1189f678d24be495aa7f0d51bf5b95a36fdb2d6dc6ff9e53dd5d987d711f02d',
  );
  assert.notEqual(chainHash(GENESIS_HASH, canonical), chainHash('1'.repeat(64), canonical));
  assert.notEqual(
    chainHash(GENESIS_HASH, canonical),
    chainHash(GENESIS_HASH, canonicalEvent({ ...event, reason: '' })),
  );
  // null and the text "null" differ.
  assert.notEqual(
    chainHash(GENESIS_HASH, canonical),
    chainHash(GENESIS_HASH, canonicalEvent({ ...event, hub_id: 'null' })),
  );
});

// Text a PostgreSQL text column can hold: any Unicode but NUL and lone surrogates, with the
// characters JSON escapes (quotes, backslashes, controls) made likely.
const storableText = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0001', '\u001f', '\u007f', '/'),
      fc.constantFrom('\u2028', '\u2029', '\ufeff', '\u200f', 'é', '漢', '😀'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 40,
  })
  .map((text) => text.replaceAll('\u0000', ''));

test('the database makes the canonical form byte for byte as the specification does', async () => {
  const database = await testDatabase();
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          reason: fc.option(storableText),
          subject_id: fc.option(storableText),
          request_id: fc.option(storableText),
          detailText: storableText,
          actorRole: fc.option(storableText),
        }),
        async ({ reason, subject_id, request_id, detailText, actorRole }) => {
          // Inside a transaction that rolls back: audit rows are append-only.
          const trx = await database.db.startTransaction().execute();
          const made = await sql<ChainedEvent & { canonical: string }>`
            WITH e AS (
              INSERT INTO audit_events (occurred_at, actor_role, action, subject_type,
                subject_id, reason, request_id, outcome, detail)
              VALUES (now(), ${actorRole}, 'consultation', 'case', ${subject_id}, ${reason},
                ${request_id}, 'success', jsonb_build_object('text', ${detailText}::text))
              RETURNING *)
            SELECT ${chainedEventColumns}, ${canonicalEventSql} AS canonical FROM e`
            .execute(trx)
            .finally(() => trx.rollback().execute());
          const { canonical: fromSql, ...stored } = made.rows[0]!;
          // The text columns as typed: PGlite's driver drops a leading byte-order mark from
          // values it reads, the database's own text does not.
          const typed = { ...stored, actor_role: actorRole, subject_id, reason, request_id };
          assert.equal(fromSql, canonicalEvent(typed));
        },
      ),
      { numRuns: 150 },
    );
  } finally {
    await database.close();
  }
});
