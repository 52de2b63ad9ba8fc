import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { listRoutes, type RouteListing } from '../../src/web/routes.ts';
import { NEEDS_POSTGRES } from './support.ts';
import {
  buildWorld,
  fill,
  paramsOf,
  SAFE_METHODS,
  sessionFor,
  writeWatcher,
  type World,
} from './world.ts';

/**
 * Bad input against every state-changing route of the route table: random Unicode, huge
 * strings, wrong types, missing and extra fields, impossible dates, broken percent-encoding and
 * invalid UTF-8, JSON where a form is expected, content types that do not match the body. The
 * user may use the route and sends a valid CSRF token, so each body reaches the validator.
 * Never a 5xx; a refused body (4xx) writes nothing. FUZZ_RUNS sets the runs per route (CI: 12;
 * `node --import tsx bench/fuzz.ts` runs thousands); FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let world: World;
let names: string[] = [];
let values: string[] = [];

before(async () => {
  if (NEEDS_POSTGRES) return;
  world = await buildWorld();
  // The field names and option values the app's own pages offer, read from every page.
  const foundNames = new Set<string>();
  const foundValues = new Set<string>();
  for (const route of listRoutes(world.t.app).filter((r) => r.method === 'GET')) {
    const choices = paramsOf(route.url).includes('caseId')
      ? world.params.caseId!
      : paramsOf(route.url).includes('section')
        ? world.params.section!
        : [null];
    for (const choice of choices) {
      const url = fill(route.url, (name) =>
        choice && (name === 'caseId' || name === 'section') ? choice : world.params[name]![0]!,
      );
      const session = await sessionFor(world, true, url);
      const page = await world.t.app.inject({
        method: 'GET',
        url,
        headers: { cookie: session.cookie },
      });
      for (const m of page.body.matchAll(/<(?:input|select|textarea)[^>]*\bname="([^"]+)"/g))
        foundNames.add(m[1]!);
      for (const m of page.body.matchAll(/\bvalue="([^"]{0,80})"/g)) foundValues.add(m[1]!);
    }
  }
  foundNames.delete('_csrf');
  names = [...foundNames].sort();
  values = [...foundValues].filter((v) => !/^[A-Za-z0-9_-]{40,}$/.test(v)).sort();
});
after(() => world?.close());

// Values: the app's own, dates out of range, metacharacters, odd Unicode, huge strings.
const scalar = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '0',
        '00',
        '-1',
        '31',
        '32',
        '13',
        '29',
        '30',
        '99999',
        '1899',
        '2100',
        '1e3',
        '0x1F',
        ' 7 ',
        '٣',
        '１２',
        '2026-02-30',
        '9999-12-31',
        'NaN',
        'Infinity',
        '',
        ' ',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "'; DROP TABLE cases; --",
        '\\',
        '%_',
        '$$',
        '\u0000',
        'a\u0000b',
        '\ud800',
        '\ufeff',
        '\u202e',
        '<script>alert(1)</script>',
        '../../etc/passwd',
        '{{ 7*7 }}',
        '${7*7}',
      ),
    },
    { weight: 1, arbitrary: fc.integer().map(String) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', 'é', '𝄞', ' ', '\n'), fc.integer({ min: 200, max: 120_000 }))
        .map(([c, n]) => c.repeat(n)),
    },
  );
const fieldName = () =>
  fc
    .oneof(
      { weight: 5, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    )
    .filter((k) => k !== '_csrf' && k !== '__proto__' && k !== 'constructor');
const formFields = () =>
  fc.dictionary(
    fieldName(),
    fc.oneof(
      { weight: 4, arbitrary: scalar() },
      { weight: 1, arbitrary: fc.array(scalar(), { maxLength: 4 }) },
    ),
    {
      maxKeys: 14,
    },
  );
const jsonFields = () =>
  fc.dictionary(
    fieldName(),
    fc.oneof(
      scalar(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(scalar(), { maxLength: 3 }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
    { maxKeys: 14 },
  );
/** Pieces of a raw body that no browser would send: broken escapes and bytes that are not UTF-8. */
const rawPiece = () =>
  fc.oneof(
    fc.constantFrom(
      '%',
      '%G1',
      '%E2%82',
      '%FF%FE',
      '%C0%AF',
      '%ED%A0%80',
      '%00',
      '&&',
      '==',
      '+',
      '&=',
      '%25%',
      '[]=',
      'a[b]=1',
    ),
    fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.tuple(fieldName(), scalar()).map(([k, v]) => `${encodeURIComponent(k)}=${v.slice(0, 200)}`),
  );

type Body = { contentType?: string; payload?: string | Buffer; csrfInBody: boolean };

const bodies = (csrf: string) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: formFields().map((f): Body => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: formEncode(csrf, f),
        csrfInBody: true,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.array(rawPiece(), { maxLength: 10 }).map((pieces): Body => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: Buffer.concat([
          Buffer.from(`_csrf=${encodeURIComponent(csrf)}&`),
          Buffer.from(pieces.join('&'), 'latin1'),
        ]),
        csrfInBody: true,
      })),
    },
    {
      weight: 2,
      arbitrary: jsonFields().map((f): Body => ({
        contentType: 'application/json',
        payload: JSON.stringify(f),
        csrfInBody: false,
      })),
    },
    {
      weight: 1,
      arbitrary: jsonFields().map((f): Body => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: JSON.stringify(f),
        csrfInBody: false,
      })),
    },
    {
      weight: 1,
      arbitrary: formFields().map((f): Body => ({
        contentType: 'application/json',
        payload: formEncode(csrf, f),
        csrfInBody: false,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/x-www-form-urlencoded; charset=utf-16',
            'application/json; charset=latin1',
            'application/octet-stream',
            '',
          ),
          formFields(),
        )
        .map(([contentType, f]): Body => ({
          contentType: contentType || undefined,
          payload: formEncode(csrf, f),
          csrfInBody: false,
        })),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ csrfInBody: false }) },
  );

function formEncode(csrf: string, fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [name, value] of Object.entries(fields))
    for (const one of [value].flat()) body.append(name, one);
  return body.toString();
}

const key = (r: RouteListing) => `${r.method} ${r.url}`;

test(
  'bad input on every state-changing route: never a server error, and a refused body writes nothing',
  // About 40 state-changing routes; a loaded machine answers a fuzzed request in ~150 ms.
  { skip: NEEDS_POSTGRES, timeout: 120_000 + RUNS * 40 * 1000 },
  async () => {
    assert.ok(names.length > 40, `field names read from the pages: ${names.length}`);
    // The API's protected routes read no cookie: fuzz-api.test.ts sends them bodies with tokens.
    const routes = listRoutes(world.t.app).filter(
      (r) =>
        !SAFE_METHODS.has(r.method) && !(r.url.startsWith('/api/v1/') && !('public' in r.access)),
    );
    assert.ok(routes.length > 20);
    const outcomes = new Map<string, Map<number, number>>();
    const watcher = await writeWatcher(world.db);
    for (const route of routes) {
      const seen = new Map<number, number>();
      outcomes.set(key(route), seen);
      const signedIn = !('public' in route.access);
      const params = paramsOf(route.url).map((name) =>
        fc.constantFrom(...(world.params[name] ?? ['x'])),
      );
      await fc.assert(
        fc.asyncProperty(fc.tuple(...params), fc.context(), fc.nat(), async (chosen, ctx, pick) => {
          const session = await sessionFor(world, signedIn, route.url);
          const [body] = fc.sample(bodies(session.csrf), { numRuns: 1, seed: pick });
          const url = fill(route.url, (name) => chosen[paramsOf(route.url).indexOf(name)]!);
          const {
            result: response,
            changed,
            auditWrites,
          } = await watcher.watch(() =>
            world.t.app.inject({
              method: route.method,
              url,
              headers: {
                cookie: session.cookie,
                ...(body!.contentType ? { 'content-type': body!.contentType } : {}),
                ...(body!.csrfInBody ? {} : { 'x-csrf-token': session.csrf }),
              },
              ...(body!.payload !== undefined ? { payload: body!.payload } : {}),
            }),
          );
          const status = response.statusCode;
          seen.set(status, (seen.get(status) ?? 0) + 1);
          ctx.log(
            `${route.method} ${url} ${body!.contentType ?? '(none)'} ${String(body!.payload).slice(0, 300)} → ${status}`,
          );
          assert.ok(
            status < 500,
            `${key(route)} answered ${status}: ${response.body.slice(0, 200)}`,
          );
          if (status >= 400) {
            assert.deepEqual(
              changed,
              [],
              `${key(route)} refused the body (${status}) but wrote to ${changed.join(', ')}`,
            );
            assert.equal(
              auditWrites,
              0,
              `${key(route)} refused the body (${status}) but audited a write`,
            );
          }
        }),
        {
          numRuns: RUNS,
          ...(SEED !== undefined ? { seed: SEED } : {}),
          endOnFailure: true,
          includeErrorInReport: true,
        },
      );
      if (process.env.FUZZ_REPORT) {
        const counts = [...seen].map(([s, n]) => `${s}×${n}`).join(' ');
        console.log(`${key(route)}: ${counts} (${new Date().toISOString()})`);
      }
    }
    const summary = [...outcomes].map(
      ([k, m]) => `${k}: ${[...m].map(([s, n]) => `${s}×${n}`).join(' ')}`,
    );
    // Most bodies must reach a validator: refusals at the door (403, 415) alone would prove nothing.
    const validated = [...outcomes.values()].reduce(
      (n, m) =>
        n +
        [...m]
          .filter(
            ([s]) =>
              s === 400 ||
              (s >= 200 && s < 400) ||
              s === 404 ||
              s === 409 ||
              s === 413 ||
              s === 422,
          )
          .reduce((a, [, c]) => a + c, 0),
      0,
    );
    const all = [...outcomes.values()].reduce(
      (n, m) => n + [...m.values()].reduce((a, c) => a + c, 0),
      0,
    );
    assert.ok(
      validated / all > 0.5,
      `bodies past the door: ${validated} of ${all}\n${summary.join('\n')}`,
    );
  },
);

test(
  'odd path parameters and query strings on every route: never a server error',
  { skip: NEEDS_POSTGRES },
  async () => {
    const odd = [
      '%00',
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      "'%3B%20DROP%20TABLE%20cases%3B--",
      '%E2%82',
      'x'.repeat(3000),
      '%24%24',
    ];
    const queries = [
      '?page=%00',
      '?page=-1&q=%27%00%5C%25_',
      '?q=' + 'é'.repeat(2000),
      '?a[b]=1&a=2&%',
    ];
    const wrong: string[] = [];
    for (const route of listRoutes(world.t.app)) {
      const changes = !SAFE_METHODS.has(route.method);
      const names = paramsOf(route.url);
      // Odd values in each path parameter; odd query strings on the route with real ids.
      const real = fill(route.url, (name) => world.params[name]?.[0] ?? 'x');
      const urls = [
        ...(names.length
          ? odd.map((value) => route.url.replace(/:([A-Za-z_]+)/g, () => value))
          : []),
        ...(changes ? [] : queries.map((query) => real + query)),
      ];
      for (const path of urls) {
        const session = await sessionFor(world, !('public' in route.access), path);
        const response = await world.t.app.inject({
          method: route.method,
          url: path,
          headers: {
            cookie: session.cookie,
            ...(changes ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(changes ? { payload: `_csrf=${encodeURIComponent(session.csrf)}` } : {}),
        });
        if (response.statusCode >= 500) {
          wrong.push(`${key(route)} as ${path.slice(0, 120)}: ${response.statusCode}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  },
);

test(
  'a field of 300,000 new lines sent back to its form is answered in seconds, not minutes',
  { skip: NEEDS_POSTGRES },
  async () => {
    // Nunjucks' own trim filter was quadratic on this: one request held the event loop for minutes.
    const filler = `x${'\n'.repeat(300_000)}x`;
    const openCase = world.params.caseId![2]!;
    for (const [url, field] of [
      [`/cases/${openCase}/consent`, 'note'],
      [`/cases/${openCase}/advice`, 'summary'],
      ['/admin/hubs', 'name'],
    ] as const) {
      const session = await sessionFor(world, true, url);
      const started = Date.now();
      const response = await world.t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: session.csrf, [field]: filler }).toString(),
      });
      const took = Date.now() - started;
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
      assert.ok(took < 10_000, `${url} took ${took} ms`);
    }
  },
);
