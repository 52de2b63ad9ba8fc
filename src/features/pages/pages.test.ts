import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { openDatabase } from '../../db/database.ts';
import { publicRoute } from '../../web/routes.ts';
import { seedDemo } from '../demo/seed.ts';
import { DEMO_PASSWORD } from '../demo/accounts.ts';

for (const [url, heading] of [
  ['/', 'Cicero'],
  ['/accessibility', 'Accessibility statement for Cicero'],
  ['/cookies', 'Cookies'],
] as const) {
  test(`${url} is a GOV.UK page with security headers and no caching`, async () => {
    const t = await testApp();
    try {
      const response = await t.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, new RegExp(`<h1 class="govuk-heading-xl">${heading}</h1>`));
      assert.match(response.body, /Vulnerability Support Service/);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/);
      const nonce = /script-src 'self' 'nonce-([a-f0-9]+)'/.exec(csp)?.[1];
      assert.ok(nonce, 'a script nonce is in the CSP');
      // every inline or module script on the page carries this request's nonce
      const scripts = response.body.match(/<script[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0);
      for (const tag of scripts) assert.match(tag, new RegExp(`nonce="${nonce}"`));
      // no asset from another host
      assert.doesNotMatch(response.body, /(src|href)="https?:\/\/(?!www\.nationalarchives)/);
    } finally {
      await t.close();
    }
  });
}

test('the nonce changes with every request', async () => {
  const t = await testApp();
  try {
    const a = await t.app.inject({ method: 'GET', url: '/' });
    const b = await t.app.inject({ method: 'GET', url: '/' });
    assert.notEqual(a.headers['content-security-policy'], b.headers['content-security-policy']);
  } finally {
    await t.close();
  }
});

test('an unknown page is a GOV.UK 404 page', async () => {
  const t = await testApp();
  try {
    const response = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /<title>Page not found/);
    assert.equal(response.headers['cache-control'], 'no-store');
  } finally {
    await t.close();
  }
});

test('an unknown API path is problem+json', async () => {
  const t = await testApp();
  try {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.json<{ status: number }>().status, 404);
  } finally {
    await t.close();
  }
});

test('a failure is a 500 page without the message, stack or data; the log has no message either', async () => {
  const secret = 'Jane Canary-Doe 1970-01-01';
  const t = await testApp({
    routes: () => [
      publicRoute({
        method: 'GET',
        url: '/explode',
        handler: () => {
          throw new Error(`invalid input: ${secret}`);
        },
      }),
    ],
  });
  try {
    const response = await t.app.inject({ method: 'GET', url: '/explode' });
    assert.equal(response.statusCode, 500);
    assert.match(response.body, /Sorry, there is a problem with the service/);
    assert.doesNotMatch(response.body, /Canary|invalid input|at .*\.ts/);
    assert.ok(t.logLines.some((l) => l.msg === 'request failed'));
    assert.doesNotMatch(JSON.stringify(t.logLines), /Canary/);
  } finally {
    await t.close();
  }
});

test('when the database is down, pages that need it answer a clean 503', async () => {
  // A PostgreSQL server that is not there: connections are refused, as in an outage.
  const down = await openDatabase({
    kind: 'postgres',
    url: 'postgres://cicero@127.0.0.1:9/cicero',
  });
  const t = await testApp({
    database: down,
    routes: (database) => [
      publicRoute({
        method: 'GET',
        url: '/needs-db',
        handler: async () => {
          await database.db.selectFrom('schema_migrations').selectAll().execute();
          return 'ok';
        },
      }),
    ],
  });
  try {
    const response = await t.app.inject({ method: 'GET', url: '/needs-db' });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /Sorry, the service is unavailable/);
    assert.equal(response.headers['retry-after'], '5');
  } finally {
    await t.close();
  }
});

test('a route without an access declaration cannot be registered', async () => {
  await assert.rejects(
    testApp({
      routes: () => [{ method: 'GET', url: '/undeclared', handler: () => 'x' } as never],
    }),
    /has no access declaration/,
  );
});

test('one log line per request, with a request id and no query string', async () => {
  const t = await testApp();
  try {
    await t.app.inject({ method: 'GET', url: '/cookies?name=Jane%20Doe' });
    const lines = t.logLines.filter((l) => l.msg === 'request');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.route, '/cookies');
    assert.equal(typeof lines[0]!.reqId, 'string');
    assert.doesNotMatch(JSON.stringify(t.logLines), /Jane/);
  } finally {
    await t.close();
  }
});

test('in demo mode the start page lists the demo accounts; otherwise it lists none', async () => {
  const demo = await testApp({ config: { demo: true } });
  try {
    await seedDemo(demo.database.db, demo.clock);
    const page = await demo.app.inject({ method: 'GET', url: '/' });
    assert.match(page.body, /Demo accounts/);
    assert.match(page.body, /clinician\.wm@demo\.cicero\.example/);
    assert.match(page.body, /href="\/sign-in"/);
    const signIn = await demo.app.inject({ method: 'GET', url: '/sign-in' });
    assert.match(signIn.body, new RegExp(`password is <strong>${DEMO_PASSWORD}</strong>`));
  } finally {
    await demo.close();
  }
  const live = await testApp({ config: { demo: false } });
  try {
    await seedDemo(live.database.db, live.clock);
    const page = await live.app.inject({ method: 'GET', url: '/' });
    assert.doesNotMatch(page.body, /Demo accounts|demo\.cicero\.example/);
    const signIn = await live.app.inject({ method: 'GET', url: '/sign-in' });
    assert.doesNotMatch(signIn.body, new RegExp(DEMO_PASSWORD));
  } finally {
    await live.close();
  }
});
