import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/database.ts';
import {
  canonicalEvent,
  CHAINED_COLUMNS,
  chainHash,
  compareSealOrder,
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

test('the hash format is pinned: changing it would break every existing chain', () => {
  // SHA-256 of 32 zero bytes followed by the canonical form above.
  assert.equal(
    chainHash(GENESIS_HASH, event),
    'f1189f678d24be495aa7f0d51bf5b95a36fdb2d6dc6ff9e53dd5d987d711f02d',
  );
  assert.notEqual(chainHash(GENESIS_HASH, event), chainHash('1'.repeat(64), event));
  assert.notEqual(
    chainHash(GENESIS_HASH, event),
    chainHash(GENESIS_HASH, { ...event, reason: '' }),
  );
  // null and the text "null" differ.
  assert.notEqual(
    chainHash(GENESIS_HASH, event),
    chainHash(GENESIS_HASH, { ...event, hub_id: 'null' }),
  );
});

test('sealing order is xid as a number, then time, then id', () => {
  assert.equal(compareSealOrder({ ...event, xid: '9' }, { ...event, xid: '10' }), -1);
  assert.equal(
    compareSealOrder(event, { ...event, occurred_at: '2026-06-01T09:00:00.123457Z' }),
    -1,
  );
  assert.equal(compareSealOrder({ ...event, id: 'f' + event.id!.slice(1) }, event), 1);
  assert.equal(compareSealOrder(event, { ...event }), 0);
});
