import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { signIn, type SignedIn } from '../support/auth.ts';
import { testDatabase } from '../support/database.ts';
import {
  cuttableProxy,
  NEEDS_POSTGRES,
  postgresAddress,
  urlOf,
  type CuttableProxy,
} from './support.ts';

/**
 * PostgreSQL becomes unreachable under load and comes back. The shared server is never stopped:
 * the app reaches it through a TCP proxy the test cuts (refusing new connections and destroying
 * open ones, as a failed server or a broken network does) and restores.
 */
let direct: Database;
let proxied: Database;
let proxy: CuttableProxy;
let t: TestApp;
let officer: SignedIn;

before(async () => {
  if (NEEDS_POSTGRES) return;
  direct = await testDatabase();
  proxy = await cuttableProxy(postgresAddress());
  proxied = await openDatabase({
    kind: 'postgres',
    url: proxy.urlFor(await urlOf(direct)),
    poolSize: 5,
  });
  t = await testApp({ database: proxied });
  officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
});
after(async () => {
  await t?.app.close();
  await proxy?.restore();
  await proxied?.close();
  await proxy?.close();
  await direct?.close();
});

const get = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: officer.cookie } });
const post = (url: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: officer.cookie },
    payload: { _csrf: officer.csrfToken, ...fields },
  });

/** A GOV.UK 503 page: no stack, no driver message, says to try again. */
function assertCleanUnavailablePage(
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
  what: string,
) {
  assert.equal(response.statusCode, 503, `${what}: ${response.statusCode}`);
  assert.match(String(response.headers['content-type']), /text\/html/);
  assert.match(response.body, /govuk-template/, `${what}: a GOV.UK page`);
  assert.match(response.body, /Sorry, the service is unavailable/);
  assert.doesNotMatch(
    response.body,
    /\bat [\w.<>]+ \(|ECONNREFUSED|Connection terminated|node_modules|\.ts:\d+/,
    `${what}: no stack or driver message`,
  );
  assert.equal(response.headers['retry-after'], '5');
}

async function eventually(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test(
  'with PostgreSQL unreachable, requests get a clean 503; when it returns the app recovers by itself',
  { skip: NEEDS_POSTGRES },
  async () => {
    const started = await post('/requests/new', {});
    assert.equal(started.statusCode, 303);
    const draftUrl = started.headers.location!;
    const concerns = {
      concernsSeen: 'Withdrawn; talks of grievance',
      supportReason: 'How to approach a first meeting',
      gpPractice: 'Harborne Medical Practice',
      mentalHealthTeam: '',
    };
    assert.equal((await get('/health/ready')).statusCode, 200);

    await proxy.cut();

    // Load during the outage: pages, form posts and readiness at once.
    const burst = await Promise.all([
      ...Array.from({ length: 12 }, () => get('/home')),
      ...Array.from({ length: 12 }, () => get(draftUrl)),
      ...Array.from({ length: 12 }, () => post(`${draftUrl}/concerns-and-support`, concerns)),
    ]);
    burst.forEach((response, i) =>
      assertCleanUnavailablePage(response, `request ${i} in the outage`),
    );
    const ready = await get('/health/ready');
    assert.equal(ready.statusCode, 503);
    assert.equal((JSON.parse(ready.body) as { database: string }).database, 'unreachable');
    assert.equal((await get('/health/live')).statusCode, 200, 'the process itself is alive');
    const stillDown = await post(`${draftUrl}/concerns-and-support`, concerns);
    assertCleanUnavailablePage(stillDown, 'the form post');

    await proxy.restore();

    await eventually(async () => (await get('/health/ready')).statusCode === 200, 'ready again');
    // The same post, resubmitted, now saves.
    const resubmitted = await post(`${draftUrl}/concerns-and-support`, concerns);
    assert.equal(resubmitted.statusCode, 303, 'the form the user resubmits is saved');
    const draft = await direct.db
      .selectFrom('request_drafts')
      .select('answers')
      .where('id', '=', draftUrl.split('/').pop()!)
      .executeTakeFirstOrThrow();
    assert.equal(
      (draft.answers as { concerns?: { concernsSeen?: string } }).concerns?.concernsSeen,
      concerns.concernsSeen,
    );
    assert.equal((await get('/home')).statusCode, 200, 'pages work again');
    assert.ok(
      !t.logLines.some((l) => l.level === 50 || l.msg === 'request failed'),
      'no request failed as a server error',
    );
  },
);

test(
  'a cut in the middle of a burst of writes: every answer is a success or a clean 503, then all is well',
  { skip: NEEDS_POSTGRES },
  async () => {
    const drafts = await Promise.all(Array.from({ length: 6 }, () => post('/requests/new', {})));
    const urls = drafts.map((d) => d.headers.location!);
    const statuses: number[] = [];
    let cutDone = false;
    const writers = urls.map(async (url, i) => {
      for (let n = 0; n < 15; n++) {
        const response = await post(`${url}/concerns-and-support`, {
          concernsSeen: `Write ${i}-${n}`,
          supportReason: 'Advice',
          gpPractice: '',
          mentalHealthTeam: '',
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 503) assertCleanUnavailablePage(response, `write ${i}-${n}`);
        else assert.equal(response.statusCode, 303, `write ${i}-${n}: ${response.statusCode}`);
      }
    });
    const cutter = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 400));
      await proxy.restore();
      cutDone = true;
    })();
    await Promise.all([...writers, cutter]);
    assert.ok(cutDone);
    assert.ok(statuses.includes(503), `the cut was felt: ${statuses.join(' ')}`);
    await eventually(async () => (await get('/health/ready')).statusCode === 200, 'ready again');
    // Every draft takes a write after recovery: no connection was left broken in the pool.
    for (const url of urls) {
      const response = await post(`${url}/concerns-and-support`, {
        concernsSeen: 'After',
        supportReason: 'Advice',
        gpPractice: '',
        mentalHealthTeam: '',
      });
      assert.equal(response.statusCode, 303);
    }
    const rows = await direct.db.selectFrom('request_drafts').select('answers').execute();
    assert.ok(rows.length >= urls.length);
  },
);
