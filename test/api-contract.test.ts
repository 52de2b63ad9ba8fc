import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { REQUEST_EXAMPLE } from '../src/features/api/examples.ts';
import {
  adviceList,
  caseDetail,
  caseList,
  closureSummary,
  createdRequest,
  publishedTable,
  requestStatus,
  tableList,
} from '../src/features/api/schemas.ts';
import { apiHeaders, apiToken, createApiClient, type TestApiClient } from './support/api.ts';
import { testApp, type TestApp } from './support/app.ts';
import { signIn, type SignedIn } from './support/auth.ts';
import { CANARY_PATTERN } from './support/canaries.ts';
import { submittedCase } from './support/cases.ts';
import { caseVersion, postForm } from './support/journey.ts';

/**
 * The API's contract, end to end (issue 17): a police service account acting for a case officer
 * creates a request (safely repeatable with an Idempotency-Key), the hub works it through the
 * pages, and the officer's client reads the advice and the closure summary; a health client
 * lists and reads cases. Health text typed into the pages is a canary: it never reaches a
 * police client. Every answer is parsed with the schema the OpenAPI document publishes.
 */

let t: TestApp;
let officer: SignedIn;
let clinician: SignedIn;
let leadA: SignedIn;
let leadB: SignedIn;
let police: TestApiClient;
let health: TestApiClient;
let policeToken: string;
let healthToken: string;
/** Every body a police client received, to search for health canaries at the end. */
const policeBodies: string[] = [];

const HEALTH_TEXT = {
  rationale: 'CANARY-typed-api-triage-rationale',
  closingNotes: 'CANARY-typed-api-closing-notes',
};

before(async () => {
  t = await testApp();
  officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  leadA = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  leadB = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  police = await createApiClient(t.database.db, {
    name: 'Police case management (PCMT)',
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:write', 'requests:read'],
    mayActForUsers: true,
  });
  health = await createApiClient(t.database.db, {
    name: 'Trust record system',
    assignments: [{ role: 'clinician', hub: 'WM' }],
    scopes: ['cases:read'],
    mayActForUsers: true,
  });
  policeToken = await apiToken(t, police);
  healthToken = await apiToken(t, health);
});
after(() => t?.close());

const db = () => t.database.db;
const count = async (table: 'cases' | 'people' | 'request_drafts' | 'police_updates') =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function asOfficer(
  method: 'GET' | 'POST',
  url: string,
  options: { body?: unknown; key?: string; token?: string } = {},
) {
  const response = await t.app.inject({
    method,
    url,
    headers: {
      ...apiHeaders(options.token ?? policeToken, officer.userId),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  policeBodies.push(response.body, JSON.stringify(response.headers));
  return response;
}

const person = (givenName: string, familyName: string) => ({
  ...REQUEST_EXAMPLE,
  person: { ...REQUEST_EXAMPLE.person, givenName, familyName },
});

describe('the JSON API contract', () => {
  let caseId: string;

  it('creates a request in one call; the same Idempotency-Key and body creates nothing more', async () => {
    const key = randomUUID();
    const body = person('Apiary', 'Synthetic');
    const before = await count('cases');
    const first = await asOfficer('POST', '/api/v1/requests', { body, key });
    assert.equal(first.statusCode, 201, first.body);
    const created = createdRequest.parse(first.json());
    caseId = created.caseId;
    assert.equal(first.headers.location, `/api/v1/requests/${caseId}`);
    assert.match(created.reference, /WM/);
    assert.equal(await count('cases'), before + 1);
    assert.equal(await count('request_drafts'), 0, 'the draft went with the submit');

    const row = await db()
      .selectFrom('cases')
      .select(['requested_by', 'status'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { requested_by: officer.userId, status: 'awaiting_triage' });
    // The audit row of the new request names the officer and the client.
    const audit = await db()
      .selectFrom('audit_events')
      .select(['actor_user_id', 'actor_client_id', 'actor_role'])
      .where('subject_type', '=', 'support_request')
      .where('subject_id', '=', caseId)
      .where('action', '=', 'collection')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit, {
      actor_user_id: officer.userId,
      actor_client_id: police.clientId,
      actor_role: 'case_officer',
    });

    // A retry (the client never saw the answer): the first answer again, nothing new.
    const again = await asOfficer('POST', '/api/v1/requests', { body, key });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.equal(await count('cases'), before + 1);

    // The same key with another body: refused, nothing written.
    const changed = await asOfficer('POST', '/api/v1/requests', {
      body: person('Apiary', 'Different'),
      key,
    });
    assert.equal(changed.statusCode, 422);
    assert.match(String(changed.headers['content-type']), /application\/problem\+json/);
    assert.match(changed.json<{ detail: string }>().detail, /Idempotency-Key/);
    assert.equal(await count('cases'), before + 1);
    assert.equal(await count('request_drafts'), 0);
  });

  it('two calls at once with the same key create one request, and both get its answer', async () => {
    const key = randomUUID();
    const body = person('Concurrent', 'Synthetic');
    const before = await count('cases');
    const [a, b] = await Promise.all([
      asOfficer('POST', '/api/v1/requests', { body, key }),
      asOfficer('POST', '/api/v1/requests', { body, key }),
    ]);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 201, b.body);
    assert.equal(a.json<{ caseId: string }>().caseId, b.json<{ caseId: string }>().caseId);
    assert.equal(await count('cases'), before + 1);
    assert.equal(await count('request_drafts'), 0, 'no draft left behind');
  });

  it('refuses an invalid body with problem+json naming each field, and writes nothing', async () => {
    const before = { cases: await count('cases'), people: await count('people') };
    const bad = {
      ...REQUEST_EXAMPLE,
      person: { ...REQUEST_EXAMPLE.person, givenName: '  ', dateOfBirth: '2999-01-01' },
      urgency: { personAware: 'yes', urgency: 'urgent', urgencyReason: null },
    };
    const response = await asOfficer('POST', '/api/v1/requests', { body: bad, key: randomUUID() });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const problem = response.json<{
      status: number;
      errors: { field: string; detail: string }[];
    }>();
    assert.equal(problem.status, 400);
    const fields = problem.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['person.dateOfBirth', 'person.givenName', 'urgency.urgencyReason']);
    // The pages' own messages.
    assert.ok(problem.errors.some((e) => e.detail === 'Enter their first name'));
    assert.ok(problem.errors.some((e) => e.detail === 'Enter why this request is urgent'));

    const shape = await asOfficer('POST', '/api/v1/requests', {
      body: { person: REQUEST_EXAMPLE.person, surprise: 1 },
    });
    assert.equal(shape.statusCode, 400);
    const named = shape.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    for (const field of ['prevent', 'referral', 'concerns', 'urgency']) {
      assert.ok(named.includes(field), `${field} named: ${named.join(', ')}`);
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { ...apiHeaders(policeToken, officer.userId), 'content-type': 'application/json' },
      payload: '{"person": ',
    });
    assert.equal(notJson.statusCode, 400);
    assert.deepEqual(
      { cases: await count('cases'), people: await count('people') },
      before,
      'nothing written',
    );
    assert.equal(await count('request_drafts'), 0);
  });

  it('asks, as the pages do, whether a likely match is the person of an earlier request', async () => {
    const body = person('Apiary', 'Synthetic');
    const people = await count('people');
    const asked = await asOfficer('POST', '/api/v1/requests', { body, key: randomUUID() });
    assert.equal(asked.statusCode, 409, asked.body);
    const problem = asked.json<{
      earlierRequests: { caseId: string }[];
      errors: { field: string }[];
    }>();
    assert.deepEqual(
      problem.earlierRequests.map((e) => e.caseId),
      [caseId],
    );
    assert.equal(problem.errors[0]!.field, 'linkEarlierRequest');
    const unknown = await asOfficer('POST', '/api/v1/requests', {
      body: { ...body, linkEarlierRequest: randomUUID() },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(
      unknown.json<{ errors: { field: string }[] }>().errors[0]!.field,
      'linkEarlierRequest',
    );

    const linked = await asOfficer('POST', '/api/v1/requests', {
      body: { ...body, linkEarlierRequest: caseId },
      key: randomUUID(),
    });
    assert.equal(linked.statusCode, 201, linked.body);
    const second = createdRequest.parse(linked.json());
    assert.equal(await count('people'), people, 'the same person');
    const row = await db()
      .selectFrom('cases')
      .select('previous_case_id')
      .where('id', '=', second.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(row.previous_case_id, caseId, 'a re-referral');
  });

  it('the hub triages, allocates and advises through the pages; the API shows status and advice', async () => {
    const triaged = await postForm(t, clinician, `/triage/${caseId}`, {
      decision: 'accept',
      rationale: HEALTH_TEXT.rationale,
      version: await caseVersion(db(), caseId),
    });
    assert.equal(triaged.statusCode, 302, triaged.body);
    const allocated = await postForm(t, leadA, `/cases/${caseId}/allocation`, {
      lead: clinician.userId,
      version: await caseVersion(db(), caseId),
    });
    assert.ok([302, 303].includes(allocated.statusCode), allocated.body);
    const advised = await postForm(t, leadA, `/cases/${caseId}/advice`, {
      version: await caseVersion(db(), caseId),
      title: 'Communicating with the person',
      body: 'Use short written questions and give time to answer.',
      'givenAt-day': '1',
      'givenAt-month': '6',
      'givenAt-year': '2026',
      confirm: 'yes',
    });
    assert.equal(advised.statusCode, 303, advised.body);

    const status = await asOfficer('GET', `/api/v1/requests/${caseId}`);
    assert.equal(status.statusCode, 200, status.body);
    assert.equal(requestStatus.parse(status.json()).status, 'open');
    const advice = await asOfficer('GET', `/api/v1/requests/${caseId}/advice`);
    assert.equal(advice.statusCode, 200);
    const given = adviceList.parse(advice.json()).advice;
    assert.deepEqual(
      given.map((a) => a.title),
      ['Communicating with the person'],
    );
    const released = await asOfficer('GET', `/api/v1/requests/${caseId}/released-items`);
    assert.equal(released.statusCode, 200);
    assert.deepEqual(released.json<{ items: unknown[] }>().items, []);
    // The read is audited as the officer's request page, naming the client.
    const reads = await db()
      .selectFrom('audit_events')
      .select(['actor_user_id', 'actor_client_id'])
      .where('subject_type', '=', 'support_request')
      .where('subject_id', '=', caseId)
      .where('action', '=', 'consultation')
      .execute();
    assert.ok(reads.length >= 3);
    assert.ok(reads.every((r) => r.actor_user_id === officer.userId));
    assert.ok(reads.every((r) => r.actor_client_id === police.clientId));
  });

  it('adds a police update; an empty one is refused naming the field, and writes nothing', async () => {
    const before = await count('police_updates');
    const empty = await asOfficer('POST', `/api/v1/requests/${caseId}/police-updates`, {
      body: { body: '   ' },
    });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json<{ errors: { field: string }[] }>().errors[0]!.field, 'body');
    assert.equal(await count('police_updates'), before);
    const added = await asOfficer('POST', `/api/v1/requests/${caseId}/police-updates`, {
      body: { body: 'He has moved to an address in the same district.' },
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(await count('police_updates'), before + 1);
    const stale = await asOfficer('POST', `/api/v1/requests/${caseId}/police-updates`, {
      body: { body: 'Another update.', version: 1 },
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(await count('police_updates'), before + 1);
  });

  it('after closure the officer reads the closure summary, never the closing notes', async () => {
    const open = await asOfficer('GET', `/api/v1/requests/${caseId}/closure-summary`);
    assert.deepEqual(closureSummary.parse(open.json()).closureSummary, null);
    const requested = await postForm(t, leadA, `/cases/${caseId}/closure`, {
      version: await caseVersion(db(), caseId),
      outcome: 'diverted_mainstream_mental_health',
      summary: 'The person now sees their GP and a community team.',
      closingNotes: HEALTH_TEXT.closingNotes,
      confirm: 'yes',
    });
    assert.equal(requested.statusCode, 303, requested.body);
    const approved = await postForm(t, leadB, `/closures/${caseId}/approve`, {
      version: await caseVersion(db(), caseId),
    });
    assert.equal(approved.statusCode, 303, approved.body);
    const closed = await asOfficer('GET', `/api/v1/requests/${caseId}/closure-summary`);
    assert.equal(closed.statusCode, 200);
    const summary = closureSummary.parse(closed.json());
    assert.equal(summary.closed, true);
    assert.equal(
      summary.closureSummary?.summary,
      'The person now sees their GP and a community team.',
    );
  });

  it('a health client lists the hub’s cases a page at a time and reads one', async () => {
    const headers = apiHeaders(healthToken);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/cases?tab=closed', headers });
    assert.equal(list.statusCode, 200, list.body);
    const page = caseList.parse(list.json());
    assert.ok(page.items.some((c) => c.caseId === caseId));
    for (let i = 0; i < 21; i += 1) await submittedCase(t.database, t.clock);
    const open = caseList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/v1/cases?tab=open', headers })).json(),
    );
    assert.equal(open.items.length, 20);
    assert.ok(open.total > 20);
    assert.ok(open.links.next);
    const next = caseList.parse(
      (await t.app.inject({ method: 'GET', url: open.links.next, headers })).json(),
    );
    assert.ok(next.items.length >= 1);
    const ids = new Set(open.items.map((c) => c.caseId));
    assert.ok(
      next.items.every((c) => !ids.has(c.caseId)),
      'the next page holds other cases',
    );
    const badCursor = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?cursor=bm9wZQ',
      headers,
    });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json<{ errors: { field: string }[] }>().errors[0]!.field, 'cursor');

    // The client's own account is a clinician of the hub, not allocated: no health record
    // without a reason, as for a person (the access core decides, not the API).
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers });
    assert.equal(own.statusCode, 200, own.body);
    const seen = caseDetail.parse(own.json());
    assert.equal(seen.access.readHealth, false);
    assert.equal(seen.links.fhir, null);
    // Acting for the allocated clinician: that clinician's access applies.
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}`,
      headers: apiHeaders(healthToken, clinician.userId),
    });
    assert.equal(one.statusCode, 200, one.body);
    const detail = caseDetail.parse(one.json());
    assert.equal(detail.access.readHealth, true, 'the allocated clinician');
    assert.equal(detail.links.fhir, `/api/v1/cases/${caseId}/fhir`);
    assert.equal(detail.shared?.closureSummary?.outcome, 'diverted_mainstream_mental_health');
    assert.ok(detail.policeUpdates?.some((u) => u.body.includes('same district')));
  });

  it('another hub’s case is not found; a missing scope is 403; a bad token is 401', async () => {
    const theirs = await submittedCase(t.database, t.clock, { hubCode: 'NW' });
    const other = await asOfficer('GET', `/api/v1/requests/${theirs.caseId}`);
    assert.equal(other.statusCode, 404);
    const otherCase = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${theirs.caseId}`,
      headers: apiHeaders(healthToken),
    });
    assert.equal(otherCase.statusCode, 404);
    const denial = await db()
      .selectFrom('audit_events')
      .select('actor_client_id')
      .where('action', '=', 'denial')
      .where('subject_id', '=', theirs.caseId)
      .execute();
    assert.ok(denial.some((d) => d.actor_client_id === health.clientId));

    const readOnly = await apiToken(t, police, { scope: 'requests:read' });
    const before = await count('cases');
    const refused = await asOfficer('POST', '/api/v1/requests', {
      body: person('Scope', 'Synthetic'),
      token: readOnly,
    });
    assert.equal(refused.statusCode, 403);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
    assert.equal(await count('cases'), before);
    const wrongSide = await t.app.inject({
      method: 'GET',
      url: `/api/v1/requests/${caseId}`,
      headers: apiHeaders(healthToken),
    });
    assert.equal(wrongSide.statusCode, 403);

    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/requests/${caseId}`,
      headers: { authorization: 'Bearer not-a-token' },
    });
    assert.equal(bad.statusCode, 401);
    assert.match(String(bad.headers['www-authenticate']), /invalid_token/);
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/cases' });
    assert.equal(none.statusCode, 401);
    // A session cookie is no key to the API.
    const cookie = await t.app.inject({
      method: 'GET',
      url: `/api/v1/requests/${caseId}`,
      headers: { cookie: officer.cookie },
    });
    assert.equal(cookie.statusCode, 401);
  });

  it('an analyst’s client reads the published tables, after disclosure control', async () => {
    const analyst = await createApiClient(t.database.db, {
      assignments: [{ role: 'analyst' }],
      scopes: ['statistics:read'],
    });
    const headers = apiHeaders(await apiToken(t, analyst));
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/statistics/tables', headers });
    assert.equal(list.statusCode, 200, list.body);
    const tables = tableList.parse(list.json()).tables;
    assert.ok(tables.length > 5);
    const url = `${tables[0]!.links.self}?period=year&year=2026`;
    const one = await t.app.inject({ method: 'GET', url, headers });
    assert.equal(one.statusCode, 200, one.body);
    const table = publishedTable.parse(one.json());
    assert.equal(table.table.id, tables[0]!.id);
    assert.equal(table.scope, 'All hubs');
    // Disclosure control as on the page: a count is 0, hidden (*), or rounded to 5 (8 or more).
    const counts = table.table.rows.flatMap((r) => r.cells).filter((c) => c.kind === 'count');
    assert.ok(counts.length > 0);
    const odd = counts.filter(
      (c) =>
        !(c.value === 0 || c.value === '*' || c.value === null) &&
        !(typeof c.value === 'number' && c.value >= 10 && c.value % 5 === 0),
    );
    assert.deepEqual(odd, [], 'every count published as disclosure control says');
    assert.ok(
      counts.some((c) => c.value === '*'),
      'small counts are hidden',
    );
    const audited = await db()
      .selectFrom('audit_events')
      .select('actor_client_id')
      .where('subject_type', '=', 'statistics')
      .execute();
    assert.ok(audited.some((a) => a.actor_client_id === analyst.clientId));
    const badPeriod = await t.app.inject({
      method: 'GET',
      url: `${tables[0]!.links.self}?period=year&year=nope`,
      headers,
    });
    assert.equal(badPeriod.statusCode, 400);
    assert.ok(badPeriod.json<{ errors: unknown[] }>().errors.length > 0);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/statistics/tables/no-such-table?period=year&year=2026',
      headers,
    });
    assert.equal(unknown.statusCode, 404);
  });

  it('no health text typed into the pages reached the police client', () => {
    assert.ok(policeBodies.length > 20);
    const found = policeBodies.flatMap((body) => body.match(CANARY_PATTERN) ?? []);
    assert.deepEqual(found, []);
    // The canaries are in the database (the test would otherwise prove nothing).
    return db()
      .selectFrom('triage_decisions')
      .select('rationale')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow()
      .then((row) => assert.equal(row.rationale, HEALTH_TEXT.rationale));
  });
});
