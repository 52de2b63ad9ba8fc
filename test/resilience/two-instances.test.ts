import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { runDueJobs, scheduleJobs, type ScheduledJob } from '../../src/jobs/runner.ts';
import { scheduledJobs } from '../../src/jobs/schedule.ts';
import { testAnchors, writeEvents, waitUntilSealable } from '../../src/features/audit/testing.ts';
import { verifyAudit } from '../../src/features/audit/verify.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { createUser, signIn } from '../support/auth.ts';
import { testClock } from '../support/clock.ts';
import { testDatabase } from '../support/database.ts';
import { NEEDS_POSTGRES, urlOf } from './support.ts';

/**
 * Two application instances on one PostgreSQL database, as behind a load balancer: each has its
 * own connection pool; sessions, versions and job claims live in the database they share.
 */
let a: TestApp;
let b: TestApp;
let other: Database;

before(async () => {
  if (NEEDS_POSTGRES) return;
  const clock = testClock();
  a = await testApp({ clock });
  other = await openDatabase({ kind: 'postgres', url: await urlOf(a.database), poolSize: 5 });
  b = await testApp({ clock, database: other });
});
after(async () => {
  await b?.app.close();
  await other?.close();
  await a?.close();
});

test('a session started on one instance works on the other', { skip: NEEDS_POSTGRES }, async () => {
  const officer = await signIn(a, {
    roles: ['case_officer'],
    hubCodes: ['WM'],
    name: 'Olive Officer',
  });
  const home = await b.app.inject({
    method: 'GET',
    url: '/home',
    headers: { cookie: officer.cookie },
  });
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Olive Officer/);
  // A state change through the other instance: the CSRF token is the session's, not the process's.
  const started = await b.app.inject({
    method: 'POST',
    url: '/requests/new',
    headers: { cookie: officer.cookie },
    payload: { _csrf: officer.csrfToken },
  });
  assert.equal(started.statusCode, 303);
  const draft = await a.app.inject({
    method: 'GET',
    url: started.headers.location!,
    headers: { cookie: officer.cookie },
  });
  assert.equal(draft.statusCode, 200, 'the draft made through B opens on A');
  // Signing out on one instance ends the session on both.
  const out = await a.app.inject({
    method: 'POST',
    url: '/sign-out',
    headers: { cookie: officer.cookie },
    payload: { _csrf: officer.csrfToken },
  });
  assert.ok(out.statusCode < 400);
  const after = await b.app.inject({
    method: 'GET',
    url: '/home',
    headers: { cookie: officer.cookie },
  });
  assert.equal(after.statusCode, 302);
  assert.equal(after.headers.location, '/sign-in');
});

test(
  'concurrent edits of one user through both instances: one save, one conflict page, no lost update',
  { skip: NEEDS_POSTGRES },
  async () => {
    const admin = await signIn(a, { roles: ['admin'] });
    const target = await createUser(a.database.db, { roles: ['analyst'], name: 'Ann Analyst' });
    for (let round = 0; round < 6; round++) {
      const { version } = await a.database.db
        .selectFrom('users')
        .select('version')
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      const edit = (t: TestApp, name: string) =>
        t.app.inject({
          method: 'POST',
          url: `/admin/users/${target.id}`,
          headers: { cookie: admin.cookie },
          payload: {
            _csrf: admin.csrfToken,
            name,
            roles: 'analyst',
            profession: '',
            version: String(version),
          },
        });
      const names = [`Ann From A ${round}`, `Ann From B ${round}`];
      const [ra, rb] = await Promise.all([edit(a, names[0]!), edit(b, names[1]!)]);
      const statuses = [ra.statusCode, rb.statusCode].sort();
      assert.deepEqual(statuses, [302, 409], `round ${round}: one save and one conflict`);
      const loser = ra.statusCode === 409 ? ra : rb;
      const winner = ra.statusCode === 302 ? names[0]! : names[1]!;
      assert.match(loser.body, /govuk-/);
      assert.match(loser.body, new RegExp(winner), 'the conflict page shows the saved version');
      const row = await a.database.db
        .selectFrom('users')
        .select(['name', 'version'])
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.name, winner, 'the saved edit is the one stored');
      assert.equal(row.version, version + 1, 'exactly one save moved the version');
    }
    const edits = await a.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', target.id)
      .where('action', '=', 'admin')
      .execute();
    assert.equal(edits.length, 6, 'one audit row per save, none for the conflicts');
  },
);

test(
  'the audit seal job, with a runner on each instance, runs each due run exactly once',
  { skip: NEEDS_POSTGRES },
  async () => {
    const database = await testDatabase();
    const second = await openDatabase({
      kind: 'postgres',
      url: await urlOf(database),
      poolSize: 4,
    });
    const clock = testClock();
    // Both instances are configured with the same audit key and checkpoint folder.
    const anchors = testAnchors();
    const quiet = { info() {}, warn() {}, error() {} };
    // The real seal job, counted: each instance has its own copy, as two processes would. The
    // other scheduled jobs (mail, daily notices, retention) run beside it, uncounted.
    const runsAt: string[] = [];
    const counted = (): ScheduledJob[] =>
      scheduledJobs({ audit: anchors }).map((job) =>
        job.name !== 'audit.seal'
          ? job
          : {
              ...job,
              run: async (context) => {
                runsAt.push(context.clock.now().toISOString());
                await job.run(context);
              },
            },
      );
    const jobsA = counted();
    const jobsB = counted();
    try {
      await scheduleJobs(database, clock, jobsA);
      await scheduleJobs(second, clock, jobsB);
      const interval = jobsA.find((j) => j.name === 'audit.seal')!.intervalSeconds;
      const rounds = 8;
      for (let round = 0; round < rounds; round++) {
        await writeEvents(database.db, clock, 3);
        await waitUntilSealable(database.db);
        // Four claims at once, two through each instance's pool.
        await Promise.all([
          runDueJobs({ database, clock, logger: quiet, jobs: jobsA }),
          runDueJobs({ database: second, clock, logger: quiet, jobs: jobsB }),
          runDueJobs({ database, clock, logger: quiet, jobs: jobsA }),
          runDueJobs({ database: second, clock, logger: quiet, jobs: jobsB }),
        ]);
        assert.equal(runsAt.length, round + 1, `round ${round}: the due run ran once`);
        clock.advance(interval * 1000);
      }
      assert.equal(new Set(runsAt).size, rounds, 'no two runs at one due time');
      const row = await database.db
        .selectFrom('scheduled_jobs')
        .selectAll()
        .where('name', '=', 'audit.seal')
        .executeTakeFirstOrThrow();
      assert.equal(row.runs, rounds);
      assert.equal(row.failures, 0);
      const verified = await verifyAudit(database.db, anchors);
      assert.ok(verified.ok, 'the chain the two runners built verifies');
      assert.equal(verified.rows, rounds * 3, 'every event sealed once');
    } finally {
      await second.close();
      await database.close();
    }
  },
);
