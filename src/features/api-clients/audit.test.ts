import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { apiHeaders, apiToken, createApiClient } from '../../../test/support/api.ts';
import { createUser, signIn } from '../../../test/support/auth.ts';
import { testClock } from '../../../test/support/clock.ts';
import type { Database } from '../../db/database.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import {
  canonicalEvent,
  canonicalEventSql,
  chainedEventColumns,
  type ChainedEvent,
} from '../audit/chain.ts';
import { recordAudit } from '../audit/record.ts';
import { sealAudit } from '../audit/seal.ts';
import { tamper, testAnchors, waitUntilSealable } from '../audit/testing.ts';
import { verifyAudit } from '../audit/verify.ts';

const clock = testClock();
const probe = (database: Database): RouteDeclaration[] => [
  route({
    method: 'POST',
    url: '/api/v1/test-probe',
    permission: 'request.create',
    handler: async ({ actor, reply }) => {
      await recordAudit(database.db, clock, actor, { action: 'collection', subjectType: 'probe' });
      return reply.send({ ok: true });
    },
  }),
];

let t: TestApp;
before(async () => {
  t = await testApp({ routes: probe, clock });
});
after(() => t.close());

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

test('the client column is chained when present, and rows without one hash as before', () => {
  const before = canonicalEvent(event);
  assert.equal(canonicalEvent({ ...event, actor_client_id: null }), before);
  const withClient = canonicalEvent({ ...event, actor_client_id: 'c1' });
  assert.equal(withClient, `${before.slice(0, -1)},"c1"]`);
});

test('the database makes the same canonical form for a row with a client', async () => {
  const trx = await t.database.db.startTransaction().execute();
  const clientId = randomUUID();
  try {
    for (const client of [clientId, null]) {
      const made = await sql<ChainedEvent & { canonical: string }>`
        WITH e AS (
          INSERT INTO audit_events (occurred_at, action, subject_type, outcome, actor_client_id)
          VALUES (now(), 'consultation', 'case', 'success', ${client}::uuid)
          RETURNING *)
        SELECT ${chainedEventColumns}, ${canonicalEventSql} AS canonical FROM e`.execute(trx);
      const { canonical, ...stored } = made.rows[0]!;
      assert.equal(canonical, canonicalEvent(stored));
      assert.equal(stored.actor_client_id, client);
    }
  } finally {
    await trx.rollback().execute();
  }
});

test('an API call acting for a user: the row names both, the chain verifies, an edit is caught', async () => {
  const client = await createApiClient(t.database.db, {
    name: 'Audit Test PCMT',
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:write'],
    mayActForUsers: true,
  });
  const officer = await createUser(t.database.db, {
    roles: ['case_officer'],
    hubCodes: ['WM'],
    name: 'Sam Officer',
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/test-probe',
    headers: apiHeaders(await apiToken(t, client), officer.id),
  });
  assert.equal(response.statusCode, 200, response.body);
  const row = await t.database.db
    .selectFrom('audit_events')
    .select(['id', 'actor_user_id', 'actor_client_id'])
    .where('subject_type', '=', 'probe')
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    { user: row.actor_user_id, client: row.actor_client_id },
    { user: officer.id, client: client.clientId },
  );

  // The IG officer sees both on the audit pages and in the download.
  const ig = await signIn(t, { roles: ['ig_officer'] });
  const page = await t.app.inject({
    method: 'GET',
    url: '/audit?subjectType=probe',
    headers: { cookie: ig.cookie },
  });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Sam Officer via Audit Test PCMT \(API client\)/);
  const csv = await downloadExport(t, ig, '/audit/export.csv?subjectType=probe');
  assert.match(csv.body, new RegExp(`${client.clientId},Audit Test PCMT`));

  await waitUntilSealable(t.database.db);
  const anchors = testAnchors();
  await sealAudit(t.database.db, clock, anchors);
  assert.equal((await verifyAudit(t.database.db, anchors)).ok, true);
  // Changing the client of a sealed row breaks the chain at that row.
  await tamper(
    t.database.db,
    `UPDATE audit_events SET actor_client_id = '${randomUUID()}' WHERE id = '${row.id}'`,
  );
  const verified = await verifyAudit(t.database.db, anchors);
  assert.equal(verified.ok, false);
  assert.ok(!verified.ok && verified.eventId === row.id);
});
