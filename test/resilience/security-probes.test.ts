import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { listRoutes } from '../../src/web/routes.ts';

const isApi = (url: string) => url.startsWith('/api/v1/');
import { NEEDS_POSTGRES } from './support.ts';
import {
  buildWorld,
  fill,
  paramsOf,
  SAFE_METHODS,
  sessionFor,
  watchWrites,
  type World,
} from './world.ts';

/**
 * Probes of every route in the route table: CSRF on every state change, other hubs' records
 * behind every id parameter, and SQL metacharacters through the text fields of real forms.
 */
let world: World;

before(async () => {
  if (NEEDS_POSTGRES) return;
  world = await buildWorld();
});
after(() => world?.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const first = (name: string) => {
  const values = world.params[name];
  assert.ok(values?.length, `a real value for :${name}`);
  // An open case where there is a choice: the state in which most forms are live.
  return name === 'caseId' || name === 'subjectId' ? values[2]! : values[0]!;
};

test(
  "every state-changing route refuses a missing, wrong or another session's CSRF token, writing nothing",
  { skip: NEEDS_POSTGRES },
  async () => {
    assert.ok(world.changing.length > 20, 'the route table lists the state-changing routes');
    const wrong: string[] = [];
    const { changed, auditWrites } = await watchWrites(world.db, async () => {
      // The JSON API reads no cookie, so there is no session to forge a request with: its
      // bearer tokens are probed in test/authorization-matrix.test.ts. Nor does a machine
      // endpoint (an identity provider's back-channel logout), which checks a signed logout
      // token instead (src/features/auth/oidc/backchannel.test.ts); the authorization matrix
      // asserts it is the only one.
      const machine = (r: (typeof world.changing)[number]) =>
        'machine' in r.access && r.access.machine === true;
      for (const route of world.changing.filter((r) => !isApi(r.url) && !machine(r))) {
        const url = fill(route.url, first);
        const session = await sessionFor(world, true, url);
        const other = await sessionFor(world, true, url);
        const forged = randomBytes(32).toString('base64url');
        const attempts: [string, Record<string, string>, string | undefined][] = [
          ['no token', {}, undefined],
          ['a wrong token', { _csrf: forged }, undefined],
          ["another session's token", { _csrf: other.csrf }, undefined],
          ['a wrong header token', {}, forged],
          ['an empty token', { _csrf: '' }, ''],
        ];
        for (const [what, body, header] of attempts) {
          const response = await world.t.app.inject({
            method: route.method,
            url,
            headers: {
              cookie: session.cookie,
              'content-type': 'application/x-www-form-urlencoded',
              ...(header !== undefined ? { 'x-csrf-token': header } : {}),
            },
            payload: new URLSearchParams({
              ...body,
              name: 'Probe',
              version: '1',
              decision: 'accept',
            }).toString(),
          });
          if (response.statusCode !== 403)
            wrong.push(`${key(route)} with ${what}: ${response.statusCode}`);
        }
        // JSON with a wrong header token: the token is checked whatever the body's type.
        const json = await world.t.app.inject({
          method: route.method,
          url,
          headers: {
            cookie: session.cookie,
            'content-type': 'application/json',
            'x-csrf-token': forged,
          },
          payload: JSON.stringify({ name: 'Probe', _csrf: { toString: 'x' } }),
        });
        if (json.statusCode !== 403)
          wrong.push(`${key(route)} JSON with a wrong token: ${json.statusCode}`);
      }
    });
    assert.deepEqual(wrong, []);
    assert.deepEqual(changed, [], 'nothing written');
    assert.equal(auditWrites, 0);
  },
);

test(
  "the id of another hub's record gives 404 on every route with an id parameter, writing nothing",
  { skip: NEEDS_POSTGRES },
  async () => {
    // Administrators and IG officers work across hubs by design: their routes (the service desk,
    // the audit log, the retention review, subject access requests) are not hub-scoped.
    const crossHub = (url: string) => /^\/(admin|audit|retention|subject-access)\//.test(url);
    // The API is reached with bearer tokens, not these sessions (another hub's case through the
    // API: test/api-contract.test.ts).
    const routes = listRoutes(world.t.app).filter(
      (r) =>
        paramsOf(r.url).some((p) => p in world.otherHubParams) && !crossHub(r.url) && !isApi(r.url),
    );
    assert.ok(routes.length >= 20, `routes with a record id: ${routes.length}`);
    const wrong: string[] = [];
    let probes = 0;
    const { changed, auditWrites } = await watchWrites(world.db, async () => {
      for (const route of routes) {
        // Every state of the other hub's case: a route may only look at cases in some states.
        const choices =
          world.otherHubParams[paramsOf(route.url).find((p) => p in world.otherHubParams)!]!;
        for (const choice of choices) {
          const url = fill(route.url, (name) =>
            name in world.otherHubParams ? choice : first(name),
          );
          const session = await sessionFor(world, true, url);
          const changes = !SAFE_METHODS.has(route.method);
          const response = await world.t.app.inject({
            method: route.method,
            url,
            headers: {
              cookie: session.cookie,
              ...(changes ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            ...(changes
              ? { payload: new URLSearchParams({ _csrf: session.csrf, version: '1' }).toString() }
              : {}),
          });
          probes++;
          if (response.statusCode !== 404)
            wrong.push(`${key(route)}: ${response.statusCode} ${response.headers.location ?? ''}`);
        }
      }
    });
    assert.deepEqual([...new Set(wrong)], []);
    assert.ok(probes > 50);
    assert.deepEqual(changed, [], 'nothing written');
    assert.equal(auditWrites, 0);
  },
);

const METACHARACTERS = [
  "O'Brien'; DROP TABLE cases; --",
  'back\\slash \\x00 \\\\',
  '100%_done %% _ %',
  '$$ dollar $tag$ $1',
  '"double" <b>bold</b> & amp',
  "Robert'); DELETE FROM people WHERE ('1'='1",
];

/** The page's text as a browser shows it: the entities Nunjucks writes, decoded. */
const decoded = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function postForm(url: string, fields: Record<string, string | string[]>) {
  const session = await sessionFor(world, true, url);
  const body = new URLSearchParams({ _csrf: session.csrf });
  for (const [name, value] of Object.entries(fields)) {
    for (const one of [value].flat()) body.append(name, one);
  }
  const response = await world.t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
  return { response, session };
}
async function getPage(url: string) {
  const session = await sessionFor(world, true, url);
  return world.t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
}

/** Shown literally: the page shows the value as typed, and markup in it is escaped, not live. */
function assertShown(body: string, value: string, where: string) {
  assert.ok(decoded(body).includes(value), `${where}: ${JSON.stringify(value)} shown literally`);
  assert.ok(!body.includes('<b>bold</b>'), `${where}: markup in a value is escaped`);
}

test(
  'SQL metacharacters in every text field of the request forms are stored and shown literally',
  { skip: NEEDS_POSTGRES },
  async () => {
    const tablesBefore = (await world.db.selectFrom('cases').select('id').execute()).length;
    for (const [n, value] of METACHARACTERS.entries()) {
      const session = await sessionFor(world, true, '/requests');
      const started = await world.t.app.inject({
        method: 'POST',
        url: '/requests/new',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: session.csrf }).toString(),
      });
      assert.equal(started.statusCode, 303);
      const draft = started.headers.location!;
      const text = (max: number) => value.slice(0, max);
      const sections: [string, Record<string, string>][] = [
        [
          'about-the-person',
          {
            givenName: text(50),
            familyName: `${text(40)}${n}`,
            otherNames: text(100),
            'dateOfBirth-day': '3',
            'dateOfBirth-month': '2',
            'dateOfBirth-year': '1999',
            nhsNumber: '',
            gender: 'male',
            ethnicity: 'not_stated',
            postcodeDistrict: 'B15',
            firstLanguage: text(50),
            communicationNeeds: text(200),
          },
        ],
        [
          'prevent-references',
          {
            pcmtReference: text(30),
            preventStage: 'police_led',
            'gatewayDate-day': '1',
            'gatewayDate-month': '5',
            'gatewayDate-year': '2026',
            channelReference: text(30),
          },
        ],
        ['referral', { referralSector: 'education', concernType: 'conflicted' }],
        [
          'concerns-and-support',
          {
            concernsSeen: value,
            supportReason: value,
            gpPractice: text(100),
            mentalHealthTeam: text(100),
          },
        ],
        ['urgency-and-awareness', { personAware: 'yes', urgency: 'urgent', urgencyReason: value }],
      ];
      for (const [slug, fields] of sections) {
        const { response } = await postForm(`${draft}/${slug}`, fields);
        if (response.statusCode === 303 && response.headers.location?.endsWith('possible-match')) {
          await postForm(response.headers.location, { linkCaseId: 'not-linked' });
        } else {
          assert.equal(
            response.statusCode,
            303,
            `${slug} with ${JSON.stringify(value)}: ${response.statusCode}`,
          );
        }
        const stored = await world.db
          .selectFrom('request_drafts')
          .select('answers')
          .where('id', '=', draft.split('/').pop()!)
          .executeTakeFirstOrThrow();
        const section = Object.values(stored.answers as Record<string, Record<string, unknown>>);
        for (const [field, sent] of Object.entries(fields)) {
          if (
            /-(day|month|year)$|^(gender|ethnicity|postcodeDistrict|nhsNumber|preventStage|referralSector|concernType|personAware|urgency)$/.test(
              field,
            )
          )
            continue;
          const found = section.some((s) => s && s[field] === sent.trim());
          assert.ok(found, `${slug}.${field} stored exactly: ${JSON.stringify(sent)}`);
        }
      }
      const check = await getPage(`${draft}/check-answers`);
      assert.equal(check.statusCode, 200);
      assertShown(check.body, value.trim(), 'check answers');
    }
    const tablesAfter = (await world.db.selectFrom('cases').select('id').execute()).length;
    assert.equal(tablesAfter, tablesBefore, 'the cases table is still there and untouched');
  },
);

test(
  'SQL metacharacters in the administration forms are stored and shown literally',
  { skip: NEEDS_POSTGRES },
  async () => {
    for (const [n, value] of METACHARACTERS.entries()) {
      const code = `Q${String.fromCharCode(65 + n)}`;
      const created = await postForm('/admin/hubs', {
        code,
        name: value,
        // A region with no listed force: any number of hubs may serve it.
        regions: 'scotland',
        status: 'pilot',
      });
      assert.ok(
        created.response.statusCode < 400,
        `hub with ${JSON.stringify(value)}: ${created.response.statusCode}`,
      );
      const hub = await world.db
        .selectFrom('hubs')
        .select(['name'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      assert.equal(hub.name, value.trim());
      const list = await getPage('/admin/hubs');
      assertShown(list.body, value.trim(), 'hub list');
    }
    const colleague = world.params.id![0]!;
    for (const value of METACHARACTERS) {
      const current = await world.db
        .selectFrom('users')
        .select('version')
        .where('id', '=', colleague)
        .executeTakeFirstOrThrow();
      const { response } = await postForm(`/admin/users/${colleague}`, {
        name: value,
        'hub-WM': 'clinician',
        profession: 'mental_health_nurse',
        version: String(current.version),
      });
      assert.ok(
        response.statusCode < 400,
        `user name ${JSON.stringify(value)}: ${response.statusCode}`,
      );
      const user = await world.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', colleague)
        .executeTakeFirstOrThrow();
      assert.equal(user.name, value.trim());
      const page = await getPage(`/admin/users/${colleague}`);
      assertShown(page.body, value.trim(), 'user page');
    }
  },
);

test(
  'a NUL character in a form field is refused or removed, never a server error or a stored NUL',
  { skip: NEEDS_POSTGRES },
  async () => {
    const session = await sessionFor(world, true, '/requests');
    const started = await world.t.app.inject({
      method: 'POST',
      url: '/requests/new',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf }).toString(),
    });
    const draft = started.headers.location!;
    for (const body of [
      `concernsSeen=Low%00mood&supportReason=Advice&gpPractice=&mentalHealthTeam=`,
      `concernsSeen=Low mood&supportReason=%00&gpPractice=%00%00&mentalHealthTeam=`,
    ]) {
      const response = await world.t.app.inject({
        method: 'POST',
        url: `${draft}/concerns-and-support`,
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(session.csrf)}&${body}`,
      });
      assert.ok([303, 400].includes(response.statusCode), `${body}: ${response.statusCode}`);
    }
    const json = await world.t.app.inject({
      method: 'POST',
      url: `${draft}/concerns-and-support`,
      headers: {
        cookie: session.cookie,
        'content-type': 'application/json',
        'x-csrf-token': session.csrf,
      },
      payload: JSON.stringify({ concernsSeen: 'a\u0000b', supportReason: 'Advice' }),
    });
    assert.ok([303, 400, 415].includes(json.statusCode), `JSON: ${json.statusCode}`);
    const stored = await world.db
      .selectFrom('request_drafts')
      .select('answers')
      .where('id', '=', draft.split('/').pop()!)
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(JSON.stringify(stored.answers), /\\u0000/);
  },
);
