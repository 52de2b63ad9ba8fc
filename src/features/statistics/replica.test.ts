import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, signInAs, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';
import { replicaSkip, replicaUrlOf } from '../../../test/support/replica.ts';

/**
 * Statistics read from the reporting replica (REPORTING_DATABASE_URL) and say so; when it does
 * not answer they read the main database and say that. The replica is the real streaming one
 * `.ci/run` starts. To show which database the figures came from, one app's replica URL names
 * the replica's copy of another, empty database: its figures are that database's, not its own.
 */
const skip = replicaSkip;
const MAY_2026 = '/statistics/export.csv?period=month&month-month=5&month-year=2026';
const PAGE = '/statistics?period=month&month-month=5&month-year=2026';
const apps: TestApp[] = [];

async function appWith(reportingDatabaseUrl?: string, database?: TestApp['database']) {
  const t = await testApp({
    ...(database ? { database } : {}),
    config: reportingDatabaseUrl ? { reportingDatabaseUrl } : {},
  });
  apps.push(t);
  const analyst = await signInAs(t, await createUser(t.database.db, { roles: ['analyst'] }));
  return { t, analyst };
}

/** The CSV, once the replica has what the main database has (streaming takes a moment). */
async function csvWhenCaughtUp(t: TestApp, who: SignedIn, expected: string) {
  let body = '';
  for (let i = 0; i < 100 && body !== expected; i++) {
    body = (await getPage(t, who, MAY_2026)).body;
    if (body !== expected) await new Promise((r) => setTimeout(r, 200));
  }
  return body;
}

/** Another app on the same main database, which the first app closes. */
const shared = (t: TestApp): TestApp['database'] => ({
  ...t.database,
  close: () => Promise.resolve(),
});

let busy: Awaited<ReturnType<typeof appWith>>;
before(async () => {
  if (skip) return;
  busy = await appWith();
  const officer = await createUser(busy.t.database.db, {
    roles: ['case_officer'],
    hubCodes: ['WM'],
  });
  for (let i = 0; i < 12; i++)
    await insertCase(busy.t.database.db, { hubCode: 'WM', requestedBy: officer.id });
});
after(async () => {
  for (const t of apps) await t.close();
});

test(
  'with a replica, the figures and downloads are read from it, and the page says so',
  { skip },
  async () => {
    const primaryCsv = (await getPage(busy.t, busy.analyst, MAY_2026)).body;
    // The replica's copy of an empty database: figures of nothing.
    const empty = await appWith();
    const emptyCsv = (await getPage(empty.t, empty.analyst, MAY_2026)).body;
    assert.notEqual(primaryCsv, emptyCsv, 'twelve requests make a difference');

    // Main database: the busy one; replica: the empty one's copy. The figures are the replica's.
    const readingEmpty = await appWith(await replicaUrlOf(empty.t.database), shared(busy.t));
    assert.equal(await csvWhenCaughtUp(readingEmpty.t, readingEmpty.analyst, emptyCsv), emptyCsv);

    const readingOwn = await appWith(await replicaUrlOf(busy.t.database), shared(busy.t));
    assert.equal(await csvWhenCaughtUp(readingOwn.t, readingOwn.analyst, primaryCsv), primaryCsv);
    const page = await getPage(readingOwn.t, readingOwn.analyst, PAGE);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /id="read-from">The reporting copy of the database, (up to date with|\d+ seconds? behind) the main database/,
    );
    // The reading is audited on the main database.
    const audited = await busy.t.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('subject_type', '=', 'statistics')
      .execute();
    assert.ok(audited.some((a) => (a.detail as { readFrom?: string }).readFrom === 'replica'));
  },
);

test(
  'a replica that does not answer: figures from the main database, and the page says so',
  { skip },
  async () => {
    const down = await appWith('postgres://postgres@127.0.0.1:1/cicero', shared(busy.t));
    const page = await getPage(down.t, down.analyst, PAGE);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="read-from">The main database: the reporting copy did not answer/);
    const csv = await getPage(down.t, down.analyst, MAY_2026);
    assert.equal(csv.body, (await getPage(busy.t, busy.analyst, MAY_2026)).body);
  },
);

test('without a replica the page says nothing about one', async () => {
  if (skip) return;
  const page = await getPage(busy.t, busy.analyst, PAGE);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /id="read-from"/);
});
