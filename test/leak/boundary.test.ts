import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SCOPES_OF_SIDE } from '../../src/domain/api-scopes.ts';
import { isNationalRole, SIDE_OF, type Role } from '../../src/domain/roles.ts';
import { apiHeaders, apiToken, createApiClient } from '../support/api.ts';
import { sessionStore } from '../../src/features/auth/sessions.ts';
import { z } from 'zod';
import { uuid } from '../../src/web/ids.ts';
import { listRoutes, route, type RouteDeclaration } from '../../src/web/routes.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { confirmCode, createUser, freshCode, signInAs, type SignedIn } from '../support/auth.ts';
import { tablesOf } from '../../src/domain/compartments.ts';
import { CANARY_PATTERN, type Canary } from '../support/canaries.ts';
import { releaseItem } from '../support/disclosures.ts';
import { usingPostgres } from '../support/database.ts';
import {
  crawl,
  describeLeaks,
  type CrawlResult,
  type CrawlSession,
  type Leak,
  type ParamSource,
  type Viewer,
} from './crawl.ts';
import { buildFixture, type Fixture } from './fixture.ts';
import { checkNotificationsAndEmails, notifyEveryKind } from './fixture-notifications.ts';

/**
 * The boundary between health and police information, proven by a crawl (docs/boundary.md):
 * a hub full of casework whose every health text column holds a unique canary; every route
 * as every police-side role, the analyst, the IG officer, the admin, a clinician of another
 * hub and an unallocated clinician without a reason; no canary may appear in any body, header
 * or log line. A deliberate leak added in a test route shows the crawl can fail.
 */

let t: TestApp;
let fixture: Fixture;
let params: ParamSource;
const results = new Map<string, CrawlResult>();
const database = usingPostgres() ? 'PostgreSQL' : 'PGlite';

function asViewer(label: string, signedIn: SignedIn, roles: Role[]): Viewer {
  const sessions = sessionStore(t.database.db, t.clock, {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  return {
    label,
    roles,
    userId: signedIn.userId,
    session: { cookie: signedIn.cookie, csrfToken: signedIn.csrfToken },
    freshCode: () => freshCode(t, signedIn),
    async freshSession(): Promise<CrawlSession> {
      const { cookieToken, session } = await sessions.create({
        userId: signedIn.userId,
        stage: 'active',
      });
      return { cookie: `cicero_session=${cookieToken}`, csrfToken: session.csrfToken };
    },
  };
}

/**
 * The viewer on the JSON API: a client of their side trusted to name the acting user, acting
 * for them, so their own access applies there as on the pages. None for the service desk
 * (administration is never done through the API).
 */
async function withApi(viewer: Viewer, hubCodes: string[]): Promise<Viewer> {
  const scopes = SCOPES_OF_SIDE[SIDE_OF[viewer.roles[0]!]];
  if (scopes.length === 0) return viewer;
  const client = await createApiClient(t.database.db, {
    assignments: viewer.roles.flatMap((role) =>
      isNationalRole(role) ? [{ role }] : hubCodes.map((hub) => ({ role, hub })),
    ),
    scopes: [...scopes],
    mayActForUsers: true,
  });
  return { ...viewer, api: apiHeaders(await apiToken(t, client), viewer.userId) };
}

async function newViewer(label: string, roles: Role[], hubCodes: string[]): Promise<Viewer> {
  const signedIn = await signInAs(t, await createUser(t.database.db, { roles, hubCodes }));
  // Pages behind a fresh security code (step-up) are crawled too.
  await confirmCode(t, signedIn);
  return withApi(asViewer(label, signedIn, roles), hubCodes);
}

async function paramSource(): Promise<ParamSource> {
  const { db } = t.database;
  const caseIds = [...Object.values(fixture.cases), randomUUID(), 'not-a-uuid'];
  const hubIds = (await db.selectFrom('hubs').select('id').execute()).map((h) => h.id);
  const drafts = await sql<{ id: string }>`SELECT id::text AS id FROM request_drafts`
    .execute(db)
    .then((r) => r.rows.map((d) => d.id))
    .catch(() => [] as string[]);
  // Every id of every case-content row, for parameters this file does not know by name.
  const rowIds = fixture.registry.canaries
    .map((c) => c.rowId)
    .filter((id): id is string => Boolean(id));
  const byTable = (param: string) => {
    const stem = param
      .replace(/Id$/, '')
      .replace(/([A-Z])/g, '_$1')
      .toLowerCase();
    return [
      ...new Set(
        fixture.registry.canaries
          .filter((c) => c.table.startsWith(stem) && c.rowId)
          .map((c) => c.rowId!),
      ),
    ];
  };
  // The people of the fixture's cases, for their history pages (docs/search.md).
  const personIds = (await db.selectFrom('cases').select('person_id').distinct().execute()).map(
    (c) => c.person_id,
  );
  // The access log of every fixture case, and of a few records of every other kind.
  const subjects = await sql<{ subject_type: string; subject_id: string }>`
    SELECT subject_type, subject_id FROM (
      SELECT subject_type, subject_id::text AS subject_id,
        row_number() OVER (PARTITION BY subject_type ORDER BY subject_id) AS n
      FROM (SELECT DISTINCT subject_type, subject_id FROM audit_events
        WHERE subject_id IS NOT NULL AND subject_type <> 'case') kinds
    ) numbered WHERE n <= 3`.execute(db);
  return {
    values(name) {
      switch (name) {
        case 'caseId':
          return caseIds;
        case 'id':
          return [fixture.bystanderId, ...hubIds.slice(0, 1), randomUUID()];
        case 'draftId':
          return [...drafts.slice(0, 2), randomUUID()];
        case 'section':
          return ['person', 'prevent', 'referral', 'concerns', 'urgency', 'check-answers'];
        case 'providerId':
          return ['none'];
        // The reassignment pages (docs/hubs.md): the fixture's officers of both hubs.
        case 'officerId':
          return [
            fixture.people.officer.userId,
            fixture.people.otherHubOfficer.userId,
            randomUUID(),
          ];
        case 'personId':
          return [...personIds, randomUUID()];
        // Subject access requests and their gathered items (health items hold canaries).
        case 'requestId':
          return [fixture.subjectAccessRequestId, randomUUID()];
        case 'itemId':
          return [
            ...rowIds.slice(0, 10),
            ...byTable('subjectAccessHealthItemsId'),
            ...caseIds.slice(0, 2),
          ];
        default: {
          const known = byTable(name);
          return [...(known.length ? known : rowIds.slice(0, 10)), ...caseIds.slice(0, 2)];
        }
      }
    },
    subjects: [
      ...Object.values(fixture.cases).map((id) => ({ subjectType: 'case', subjectId: id })),
      ...subjects.rows.map((s) => ({ subjectType: s.subject_type, subjectId: s.subject_id })),
      { subjectType: 'case', subjectId: randomUUID() },
    ],
  };
}

/**
 * What the information governance officer may see: the register shows every decision with
 * its answers (purpose, basis, necessity, consent, whether the person was told, refusal and
 * withdrawal reasons, who outside Cicero it went to) and the labels of the items released,
 * never their text nor the summary written for the disclosure; the audit log (its pages and
 * its CSV download) keeps the reasons given for refusing and withdrawing (typed, so not
 * painted: they are named here).
 */
const IG_MAY_SEE = (leak: Leak, canary: Canary | undefined): boolean =>
  canary
    ? (canary.table === 'disclosures' && canary.column !== 'summary') ||
      (canary.table === 'disclosure_items' && canary.column === 'label') ||
      // Who outside Cicero a decision went to (never the address): the register lists it.
      (canary.table === 'disclosure_external_recipients' && canary.column !== 'address')
    : /^(GET|POST) \/audit/.test(leak.request) &&
      ['CANARY-typed-refusal-reason', 'CANARY-typed-withdrawal-reason'].includes(leak.canary);

/** Who crawls, and which canaries (if any) they may legitimately see. */
const CRAWLS: Array<{
  label: string;
  roles: Role[];
  hubCodes: string[];
  /** `canary` is undefined for text typed into a health field (not painted). */
  maySee?: (leak: Leak, canary: Canary | undefined) => boolean;
}> = [
  { label: 'case officer who made the requests', roles: ['case_officer'], hubCodes: ['WM'] },
  { label: 'case officer of the same hub', roles: ['case_officer'], hubCodes: ['WM'] },
  { label: 'police lead of the hub', roles: ['police_lead'], hubCodes: ['WM'] },
  { label: 'police lead of another hub', roles: ['police_lead'], hubCodes: ['NW'] },
  { label: 'analyst', roles: ['analyst'], hubCodes: ['WM'] },
  {
    label: 'information governance officer',
    roles: ['ig_officer'],
    hubCodes: ['WM'],
    maySee: IG_MAY_SEE,
  },
  { label: 'service desk administrator', roles: ['admin'], hubCodes: ['WM'] },
  { label: 'clinician of another hub', roles: ['clinician'], hubCodes: ['NW'] },
  {
    // Sees its own hub's health records (the North West case), never West Midlands'.
    label: 'hub lead of another hub',
    roles: ['hub_lead'],
    hubCodes: ['NW'],
    maySee: (_, canary) => fixture.otherHubCaseIds.includes(canary?.caseId ?? ''),
  },
  {
    label: 'clinician of the hub, not allocated, no reason recorded',
    roles: ['clinician'],
    hubCodes: ['WM'],
  },
];

/**
 * The crawls run side by side (each viewer has their own session; on PostgreSQL the pool
 * serves them in parallel); each test below waits for its own and judges it. A few at a time:
 * the test database's pool has 5 connections (a statistics page takes several at once), and
 * twenty crawls at once left requests queueing for one past the pool's 5 s, answered 503,
 * on a loaded machine.
 */
const CRAWLS_AT_ONCE = 3;
let crawling = 0;
const waitingToCrawl: (() => void)[] = [];
async function inTurn<T>(run: () => Promise<T>): Promise<T> {
  while (crawling >= CRAWLS_AT_ONCE) await new Promise<void>((r) => waitingToCrawl.push(r));
  crawling++;
  try {
    return await run();
  } finally {
    crawling--;
    waitingToCrawl.shift()?.();
  }
}
const pending = new Map<string, Promise<CrawlResult>>();
function start(label: string, run: () => Promise<CrawlResult>) {
  const promise = inTurn(run);
  promise.catch(() => undefined); // reported by the test that awaits it
  pending.set(label, promise);
}
const CONTROL = 'hub lead of the hub';

before(async () => {
  t = await testApp();
  fixture = await buildFixture(t);
  params = await paramSource();
  const { leadA, officer } = fixture.people;
  await confirmCode(t, leadA);
  await confirmCode(t, officer);
  const viewers: Viewer[] = [];
  for (const spec of CRAWLS) {
    viewers.push(
      spec.label === 'case officer who made the requests'
        ? await withApi(asViewer(spec.label, officer, spec.roles), spec.hubCodes)
        : await newViewer(spec.label, spec.roles, spec.hubCodes),
    );
  }
  // Every kind of notification on every case, now that the viewers exist (their lists are crawled).
  await notifyEveryKind(t, fixture);
  const control = await withApi(asViewer(CONTROL, leadA, ['hub_lead']), ['WM']);
  // Pages only for the control: it shows the canaries can be seen, it need not probe forms.
  start(CONTROL, () =>
    crawl(t.app, control, params, {
      posts: false,
      allowedOnly: true,
    }),
  );
  for (const viewer of viewers) start(viewer.label, () => crawl(t.app, viewer, params));
});
after(() => t?.close());

describe(`the boundary between health and police information (${database})`, () => {
  test('the fixture holds canaries in every health table, made by the real pages and services', async (ctx) => {
    const { registry, filled } = fixture;
    const painted = new Set(registry.paintedColumns.map((c) => `${c.table}.${c.column}`));
    for (const column of [
      'triage_decisions.rationale',
      'triage_decisions.signposting',
      'triage_decisions.diverted_to',
      'consents.note',
      'consents.best_interests_by',
      'lawful_bases.codes',
      'closure_requests.summary',
      'closure_requests.closing_notes',
      'closure_requests.return_reason',
      'formulations.presenting',
      'formulation_factors.evidence',
      'plan_needs.description',
      'plan_actions.description',
      'plan_reviews.progress',
      'liaison_contacts.summary',
      'meetings.vss_contribution',
      'meeting_attendees.name',
      'meeting_actions.description',
      'disclosures.purpose',
      'disclosure_items.body',
    ]) {
      assert.ok(painted.has(column), `${column} holds canaries`);
    }
    // A made-up row that a table refused would leave it uncovered: that fails, not a note.
    assert.deepEqual(filled.failed, [], 'health tables that refused a made-up row');
    // These the fixture makes through their pages and services, never made up. (`plans`
    // itself has no text column: its needs, actions and reviews hold the text.)
    const tablesWithCanaries = new Set(registry.canaries.map((c) => c.table));
    assert.ok(!filled.inserted.includes('plans') && !registry.emptyTables.includes('plans'));
    for (const table of [
      'plan_needs',
      'plan_actions',
      'plan_reviews',
      'liaison_contacts',
      'meetings',
      'meeting_attendees',
      'meeting_actions',
      'disclosures',
      'disclosure_items',
      'case_note_versions',
    ]) {
      assert.ok(tablesWithCanaries.has(table), `${table} holds canaries`);
      assert.ok(!filled.inserted.includes(table), `${table} made by the fixture, not made up`);
    }
    // Every health table of the registry (TABLE_COMPARTMENTS) that exists has rows and holds a
    // canary. The exceptions are named: `allocations`, whose one text column is a closed list
    // (its role), and `plans` and `case_notes`, which have no text column (a note's text is in
    // its versions, `case_note_versions`). A table added with no rows, or with
    // free text the fixture leaves without a canary, fails here.
    const existing = tablesOf('health').filter((t) => !registry.missingTables.includes(t));
    assert.deepEqual(registry.emptyTables, [], 'health tables without rows');
    assert.deepEqual(
      existing.filter((table) => !tablesWithCanaries.has(table)),
      ['allocations', 'plans', 'case_notes'],
      'health tables without a canary',
    );
    assert.deepEqual(
      registry.skippedColumns.filter((c) => c.table === 'allocations').map((c) => c.column),
      ['role'],
    );
    assert.ok(!registry.paintedColumns.some((c) => c.table === 'plans'));
    // The decisions: one waiting, one refused, one withdrawn, each with canaries in its answers
    // and items; only the withdrawn one released copies, which keep the text as it was.
    const { db } = t.database;
    const decisions = await db
      .selectFrom('disclosures')
      .select(['id', 'status'])
      .where('id', 'in', Object.values(fixture.disclosures))
      .execute();
    assert.deepEqual(Object.fromEntries(decisions.map((d) => [d.id, d.status])), {
      [fixture.disclosures.awaiting]: 'awaiting_approval',
      [fixture.disclosures.refused]: 'refused',
      [fixture.disclosures.withdrawn]: 'withdrawn',
    });
    for (const id of Object.values(fixture.disclosures)) {
      const items = await db
        .selectFrom('disclosure_items')
        .select('id')
        .where('disclosure_id', '=', id)
        .execute();
      assert.ok(items.length > 0, 'items chosen');
      for (const item of items) {
        assert.ok(
          registry.canaries.some((c) => c.table === 'disclosure_items' && c.rowId === item.id),
          'each item holds a canary',
        );
      }
      assert.ok(registry.canaries.some((c) => c.table === 'disclosures' && c.rowId === id));
    }
    const copies = await db
      .selectFrom('released_items')
      .select(['disclosure_id', 'label', 'body', 'withdrawn_at'])
      .where('disclosure_id', 'in', Object.values(fixture.disclosures))
      .execute();
    assert.ok(copies.length >= 2);
    for (const copy of copies) {
      assert.equal(
        copy.disclosure_id,
        fixture.disclosures.withdrawn,
        'only the withdrawn one released',
      );
      assert.ok(copy.withdrawn_at);
      assert.match(copy.body, /CANARY-typed-/, 'the copy keeps the text as released');
    }
    assert.ok(copies.some((c) => /CANARY-typed-plan-action/.test(c.label)));

    // Reported, so a reader sees what the crawl cannot yet cover.
    ctx.diagnostic(`${registry.canaries.length} canaries in ${painted.size} columns`);
    ctx.diagnostic(
      `health tables given a made-up row (no journey makes one yet): ${
        filled.inserted.join(', ') || 'none'
      }`,
    );
    ctx.diagnostic(`health tables not in the database: ${registry.missingTables.join(', ')}`);
    ctx.diagnostic(
      `closed-vocabulary columns (no canary): ${registry.skippedColumns
        .map((c) => `${c.table}.${c.column}`)
        .join(', ')}`,
    );
  });

  test('control: the hub lead who works these cases sees the canaries (they can be seen)', async (ctx) => {
    const result = await pending.get(CONTROL)!;
    results.set(CONTROL, result);
    const tables = new Set([...result.seen].map((c) => fixture.registry.byValue.get(c)?.table));
    for (const table of [
      'triage_decisions',
      'consents',
      'closure_requests',
      'plan_actions',
      'liaison_contacts',
      'meetings',
      'meeting_attendees',
      'meeting_actions',
      'disclosures',
      'disclosure_items',
    ]) {
      assert.ok(tables.has(table), `the hub lead sees canaries of ${table}`);
    }
    const shown = new Set([...result.seen].map((c) => fixture.registry.describe(c)));
    const unseen = fixture.registry.paintedColumns
      .map((c) => `${c.table}.${c.column}`)
      .filter((c) => !shown.has(c));
    ctx.diagnostic(
      `${result.requests} requests; columns no page shows even the hub lead: ${
        unseen.join(', ') || 'none'
      }`,
    );
    assert.deepEqual(result.serverErrors, [], 'no server errors');
  });

  for (const spec of CRAWLS) {
    test(`${spec.label}: no health canary in any response body or header`, async (ctx) => {
      const result = await pending.get(spec.label)!;
      results.set(spec.label, result);
      ctx.diagnostic(
        `${result.requests} requests, ${result.sampledOut} further links of kinds already followed`,
      );
      const allowed = spec.maySee ?? (() => false);
      const leaks = result.leaks.filter(
        (leak) => !allowed(leak, fixture.registry.byValue.get(leak.canary)),
      );
      assert.equal(
        leaks.length,
        0,
        `health information reached ${spec.label}:\n${describeLeaks(
          leaks,
          fixture.registry.describe,
        )}`,
      );
      if (spec.maySee) {
        assert.ok(result.leaks.length > 0, `${spec.label} sees what they may (a control)`);
      }
      assert.deepEqual(result.serverErrors, [], 'no server errors');
      assert.deepEqual(result.unvisited, [], 'every link found was followed');
    });
  }

  test('the crawls reached the pages that matter (not only refusals)', () => {
    const visited = (label: string) => results.get(label)?.visited ?? [];
    const officer = visited('case officer who made the requests');
    for (const caseId of [fixture.cases.closed, fixture.cases.open, fixture.cases.declined]) {
      assert.ok(officer.includes(`GET /requests/${caseId}`), `the officer's view of ${caseId}`);
    }
    assert.ok(
      officer.some((v) => /^GET \/requests\?page=2/.test(v)),
      'the second page',
    );
    const lead = visited('police lead of the hub');
    assert.ok(lead.includes(`GET /supervision/${fixture.cases.closed}`));
    assert.ok(
      lead.some((v) => /^GET \/supervision\?.*page=2/.test(v)),
      'the second page',
    );
    const ig = visited('information governance officer');
    assert.ok(
      ig.some((v) => v.startsWith('GET /audit/export.csv')),
      'the audit export',
    );
    // The identifiable downloads were made, through their reason and a fresh code.
    assert.ok(ig.includes('POST /audit/export.csv (download with a reason)'), 'the audit CSV');
    assert.ok(ig.some((v) => v.startsWith(`GET /audit/records/case/${fixture.cases.open}`)));
    // Every kind of body was inspected: pages, problem+json (the API), CSV and spreadsheets.
    for (const [label, result] of results) {
      if (label === CONTROL) continue;
      assert.ok(result.contentTypes.has('application/problem+json'), `${label}: problem+json`);
    }
    const analyst = results.get('analyst')!;
    assert.ok(
      analyst.contentTypes.has('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      'the analyst’s spreadsheet downloads were read',
    );
    assert.ok(
      ig.some((v) => v.startsWith('GET /disclosures/register.csv')),
      'the register CSV',
    );
    // The JSON API: every route reached with a token (not refused at the door), and the
    // officer's client read its requests' advice and closure summary.
    const answered = [...results.values()].flatMap((r) => r.answered);
    const apiRoutes = listRoutes(t.app).filter((r) => r.url.startsWith('/api/v1/'));
    const pattern = (url: string) =>
      new RegExp(`^${url.replace(/:[A-Za-z_]+/g, '[^/?]+').replace(/\./g, '\\.')}(\\?|$)`);
    const unreached = apiRoutes.filter(
      (route) =>
        !answered.some((line) => {
          const [method, url] = line.split(' ');
          const status = line.split(' → ')[1];
          return method === route.method && pattern(route.url).test(url!) && status !== '401';
        }),
    );
    assert.deepEqual(
      unreached.map((r) => `${r.method} ${r.url}`),
      [],
      'API routes no crawl reached with a token',
    );
    for (const caseId of [fixture.cases.closed, fixture.cases.open]) {
      for (const part of ['', '/advice', '/closure-summary', '/released-items']) {
        assert.ok(
          answered.includes(`GET /api/v1/requests/${caseId}${part} → 200`),
          `the officer's client read /api/v1/requests/${caseId}${part}`,
        );
      }
    }
    assert.ok(
      answered.some((line) => /^GET \/api\/v1\/cases(\?\S*)? → 200$/.test(line)),
      'a health client listed cases',
    );
    const clinician = visited('clinician of the hub, not allocated, no reason recorded');
    assert.ok(clinician.includes(`GET /cases/${fixture.cases.open}`));
    assert.ok(clinician.some((v) => v.startsWith('GET /cases?')));
  });

  test('notifications and emails: police users are told of no health event; no canary or case detail in any', async (ctx) => {
    const figures = await checkNotificationsAndEmails(t, fixture);
    ctx.diagnostic(JSON.stringify(figures));
  });

  test('no canary reaches the application log', () => {
    const lines = t.logLines
      .map((line) => JSON.stringify(line))
      .filter((line) => line.includes('CANARY-'));
    assert.deepEqual(lines, [], 'log lines holding health canaries');
  });

  test('mutation: a police view that joins a health table is caught by the same crawl', async () => {
    // Three deliberate leaks, one per channel, on routes only this test registers.
    const leakyRoutes = (db: TestApp['database']): RouteDeclaration[] => {
      const healthOf = async (caseId: string, table: string, column: string) => {
        const row = await sql<{ value: string | null }>`
          SELECT h.${sql.id(column)} AS value FROM support_requests s
          JOIN ${sql.id(table)} h ON h.case_id = s.case_id
          WHERE s.case_id::text = ${caseId} LIMIT 1`.execute(db.db);
        return row.rows[0]?.value ?? '';
      };
      const permission = 'request.follow' as const;
      const params = z.object({ caseId: uuid });
      return [
        route({
          method: 'GET',
          url: '/requests/:caseId/leaky-body',
          permission,
          params,
          handler: async ({ reply, params: { caseId } }) => {
            const rationale = await healthOf(caseId, 'triage_decisions', 'rationale');
            return reply.type('text/html').send(`<p>Triage: ${rationale}</p>`);
          },
        }),
        route({
          method: 'GET',
          url: '/requests/:caseId/leaky-header',
          permission,
          params,
          handler: async ({ reply, params: { caseId } }) => {
            reply.header('x-consent', await healthOf(caseId, 'consents', 'note'));
            return reply.type('text/plain').send('nothing to see');
          },
        }),
        route({
          method: 'GET',
          url: '/requests/:caseId/leaky-log',
          permission,
          params,
          handler: async ({ request, reply, params: { caseId } }) => {
            request.log.info(
              { notes: await healthOf(caseId, 'closure_requests', 'closing_notes') },
              'closure looked up',
            );
            return reply.type('text/plain').send('nothing to see');
          },
        }),
      ];
    };
    const mutant = await testApp({ database: t.database, clock: t.clock, routes: leakyRoutes });
    try {
      const { officer } = fixture.people;
      const viewer = asViewer('mutant: case officer', officer, ['case_officer']);
      // The same crawl, limited to the officer's request pages to keep the suite quick.
      const result = await crawl(mutant.app, viewer, params, {
        routes: (route) => route.url.startsWith('/requests/:caseId'),
      });
      const sources = (where: string) =>
        new Set(
          result.leaks
            .filter((l) => l.where === where)
            .map((l) => fixture.registry.describe(l.canary)),
        );
      assert.ok(sources('body').has('triage_decisions.rationale'), 'the body leak is reported');
      assert.ok(sources('header x-consent').has('consents.note'), 'the header leak is reported');
      const logged = mutant.logLines
        .map((line) => JSON.stringify(line))
        .flatMap((line) => line.match(CANARY_PATTERN) ?? [])
        .map((c) => fixture.registry.describe(c));
      assert.ok(logged.includes('closure_requests.closing_notes'), 'the log leak is reported');
      // Only the injected routes leak: the real app's pages stay clean for the same viewer.
      assert.ok(result.leaks.every((l) => /\/leaky-(body|header)/.test(l.request)));
    } finally {
      await mutant.app.close();
    }
  });

  test('named on decisions waiting, refused and withdrawn: the officer sees only that one was withdrawn', async () => {
    // The crawls above found none of their canaries for anyone on the police side; here, what
    // the officer named on all three does see: the withdrawn copies, as withdrawn.
    const { officer } = fixture.people;
    const open = fixture.cases.open;
    for (const url of [`/requests/${open}`, '/disclosures/received']) {
      const page = await t.app.inject({ method: 'GET', url, headers: { cookie: officer.cookie } });
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /CANARY-/, url);
      const withdrawn = page.body.match(/was withdrawn on/g) ?? [];
      // The summary and the two items of the withdrawn decision; nothing of the others.
      assert.equal(withdrawn.length, 3, `${url}: three copies shown as withdrawn`);
      assert.match(page.body, /Plan action \(withdrawn\)/, url);
    }
  });

  test('a released item becomes visible, alone, to its named recipients only', async (ctx) => {
    await releaseScenario(ctx);
  });
});

/**
 * One item, the triage rationale of the closed case, is released by a disclosure decision to
 * the requesting case officer and one police lead. Then: each named recipient sees exactly that
 * canary (the released copy) and no other; the unnamed police lead, the other case officer and
 * the analyst still see none; and the log stays clean.
 */
async function releaseScenario(ctx: { diagnostic(message: string): void }) {
  const caseId = fixture.cases.closed;
  const released = fixture.registry.canaries.find(
    (c) => c.caseId === caseId && c.table === 'triage_decisions' && c.column === 'rationale',
  );
  assert.ok(released?.rowId, 'the closed case has a triage rationale canary');

  const { officer } = fixture.people;
  const namedLead = await newViewer('police lead named as a recipient', ['police_lead'], ['WM']);
  await releaseItem(
    { database: t.database, clock: t.clock },
    {
      caseId,
      source: 'triage_rationale',
      recordId: released.rowId,
      recipients: [officer.userId, namedLead.userId],
    },
  );

  const namedOfficer = asViewer('case officer named as a recipient', officer, ['case_officer']);
  // Pages only this time: the forms' error pages were probed before the release and the
  // release changes what pages show, not how forms fail.
  for (const viewer of [namedOfficer, namedLead]) {
    const result = await crawl(t.app, viewer, params, { posts: false, allowedOnly: true });
    const seen = [...result.seen].sort();
    ctx.diagnostic(`${viewer.label}: ${result.requests} requests, sees ${seen.join(', ')}`);
    assert.deepEqual(seen, [released.value], `${viewer.label} sees the released item alone`);
    assert.ok(
      result.leaks.every((leak) => leak.where === 'body'),
      'the released item is in page bodies only, never a header',
    );
    assert.deepEqual(result.serverErrors, [], 'no server errors');
  }
  for (const [label, roles, hubCodes] of [
    ['police lead not named', ['police_lead'], ['WM']],
    ['case officer not named', ['case_officer'], ['WM']],
    ['analyst after the release', ['analyst'], ['WM']],
    // Clinicians who may not read the source may not read its copy either.
    ['clinician of another hub after the release', ['clinician'], ['NW']],
    [
      'clinician of the hub, not allocated, no reason recorded, after the release',
      ['clinician'],
      ['WM'],
    ],
  ] as const) {
    const viewer = await newViewer(label, [...roles], [...hubCodes]);
    const result = await crawl(t.app, viewer, params, { posts: false, allowedOnly: true });
    assert.equal(
      result.leaks.length,
      0,
      `${label} sees nothing:\n${describeLeaks(result.leaks, fixture.registry.describe)}`,
    );
  }
  const logged = t.logLines
    .map((line) => JSON.stringify(line))
    .filter((l) => l.includes('CANARY-'));
  assert.deepEqual(logged, [], 'no canary in the log after the release either');
}
