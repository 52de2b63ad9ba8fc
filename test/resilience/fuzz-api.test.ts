import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { listRoutes, type RouteListing } from '../../src/web/routes.ts';
import { apiHeaders, apiToken, createApiClient } from '../support/api.ts';
import { NEEDS_POSTGRES } from './support.ts';
import { buildWorld, fill, paramsOf, SAFE_METHODS, writeWatcher, type World } from './world.ts';

/**
 * The fuzz suite for the JSON API (fuzz.test.ts covers the pages, whose cookies the API does
 * not read): every API route that takes a body gets random JSON, the documented example with
 * fields dropped, retyped or swapped for odd values, bodies that are not JSON, and odd
 * Idempotency-Keys, with a valid bearer token of a client acting for the world's every-role
 * account of the route's side, so each body reaches the validator. Never a 5xx; a refused
 * body (4xx) writes nothing. Every API route also gets odd path parameters and queries.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12) * 3;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let world: World;
const headersFor = new Map<string, Record<string, string>>();

const isApi = (r: RouteListing) => r.url.startsWith('/api/v1/') && !('public' in r.access);
const scopeOf = (r: RouteListing) => ('scope' in r.access ? (r.access.scope ?? '') : '');
const key = (r: RouteListing) => `${r.method} ${r.url}`;

before(async () => {
  if (NEEDS_POSTGRES) return;
  world = await buildWorld();
  // One client per side, trusted to name the acting user: the world's every-role account.
  const police = await createApiClient(world.db, {
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:write', 'requests:read'],
    mayActForUsers: true,
  });
  const health = await createApiClient(world.db, {
    assignments: [{ role: 'clinician', hub: 'WM' }],
    scopes: ['requests:read', 'cases:read', 'statistics:read'],
    mayActForUsers: true,
  });
  const oversight = await createApiClient(world.db, {
    assignments: [{ role: 'analyst' }],
    scopes: ['statistics:read'],
  });
  const policeHeaders = apiHeaders(await apiToken(world.t, police), world.bySide.police);
  headersFor.set('requests:write', policeHeaders);
  headersFor.set('requests:read', policeHeaders);
  headersFor.set('cases:read', apiHeaders(await apiToken(world.t, health), world.bySide.health));
  headersFor.set('statistics:read', apiHeaders(await apiToken(world.t, oversight)));
});
after(() => world?.close());

const oddScalar = () =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '2026-02-30',
      '9999-12-31',
      '1899-01-01',
      '31/12/2020',
      "'; DROP TABLE cases; --",
      '\u0000',
      '\ud800',
      '\u202e',
      '{{ 7*7 }}',
      'not_stated',
      'urgent',
      'channel',
      '943 476 5919',
      '9434765918',
      'B15',
      randomUUID(),
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
    fc
      .tuple(fc.constantFrom('a', 'é', '𝄞', '\n'), fc.integer({ min: 200, max: 60_000 }))
      .map(([c, n]) => c.repeat(n)),
  );

type Json = Record<string, unknown>;

/** Paths to every leaf of a JSON object ("person.givenName"). */
function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value as Json).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

/** The example with one leaf dropped, or replaced by an odd value. */
function mutate(example: unknown, path: string[], change: { drop: boolean; value: unknown }) {
  const copy = structuredClone(example) as Json;
  let node: Json = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Json;
  const last = path.at(-1);
  if (last === undefined) return change.value;
  if (change.drop) delete node[last];
  else node[last] = change.value;
  return copy;
}

type Body = { contentType?: string; payload?: string; idempotencyKey?: string };

function bodies(route: RouteListing): fc.Arbitrary<Body> {
  const example = route.doc?.example.body ?? {};
  const paths = leaves(example);
  const asJson = (value: unknown): Body => ({
    contentType: 'application/json',
    payload: JSON.stringify(value),
  });
  return fc
    .tuple(
      fc.oneof(
        {
          weight: 5,
          arbitrary: fc
            .tuple(fc.constantFrom(...paths), fc.boolean(), oddScalar())
            .map(([path, drop, value]) => asJson(mutate(example, path, { drop, value }))),
        },
        {
          weight: 2,
          arbitrary: fc
            .array(fc.tuple(fc.constantFrom(...paths), oddScalar()), { maxLength: 6 })
            .map((changes) =>
              asJson(
                changes.reduce<unknown>(
                  (body, [path, value]) => mutate(body, path, { drop: false, value }),
                  example,
                ),
              ),
            ),
        },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(asJson) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom(
                'application/json',
                'text/plain',
                'application/x-www-form-urlencoded',
                'application/xml',
                'application/json; charset=latin1',
              ),
              fc.string({ maxLength: 200 }),
            )
            .map(([contentType, payload]): Body => ({ contentType, payload })),
        },
        { weight: 1, arbitrary: fc.constant<Body>({}) },
      ),
      fc.option(
        fc.oneof(
          fc.uuid().map(String),
          fc.string({ maxLength: 300 }),
          fc.constantFrom('', ' ', 'é', 'a'.repeat(256)),
        ),
        { nil: undefined },
      ),
    )
    .map(([body, idempotencyKey]) => ({
      ...body,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    }));
}

test(
  'bad input on every API body: never a server error, and a refused body writes nothing',
  { skip: NEEDS_POSTGRES, timeout: 600_000 },
  async (ctx) => {
    const routes = listRoutes(world.t.app).filter((r) => isApi(r) && !SAFE_METHODS.has(r.method));
    assert.ok(routes.length >= 2, `API routes with a body: ${routes.map(key).join(', ')}`);
    const watcher = await writeWatcher(world.db);
    const summary: string[] = [];
    for (const route of routes) {
      assert.ok(route.doc?.body, `${key(route)} documents its body`);
      const seen = new Map<number, number>();
      const params = paramsOf(route.url).map((name) =>
        fc.constantFrom(...(world.params[name] ?? ['x'])),
      );
      await fc.assert(
        fc.asyncProperty(fc.tuple(...params), bodies(route), async (chosen, body) => {
          const url = fill(route.url, (name) => chosen[paramsOf(route.url).indexOf(name)]!);
          const { result, changed, auditWrites } = await watcher.watch(() =>
            world.t.app.inject({
              method: route.method,
              url,
              headers: {
                ...headersFor.get(scopeOf(route))!,
                ...(body.contentType ? { 'content-type': body.contentType } : {}),
                ...(body.idempotencyKey !== undefined
                  ? { 'idempotency-key': body.idempotencyKey }
                  : {}),
              },
              ...(body.payload !== undefined ? { payload: body.payload } : {}),
            }),
          );
          const status = result.statusCode;
          seen.set(status, (seen.get(status) ?? 0) + 1);
          assert.ok(status < 500, `${key(route)} answered ${status}: ${result.body.slice(0, 300)}`);
          assert.notEqual(status, 401, 'the token was accepted');
          if (status >= 400) {
            assert.match(String(result.headers['content-type']), /application\/problem\+json/);
            assert.deepEqual(
              changed,
              [],
              `${key(route)} refused (${status}) but wrote to ${changed.join(', ')}`,
            );
            assert.equal(auditWrites, 0, `${key(route)} refused (${status}) but audited a write`);
          }
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
      );
      summary.push(`${key(route)}: ${[...seen].map(([s, n]) => `${s}×${n}`).join(' ')}`);
      ctx.diagnostic(summary.at(-1)!);
      // Most bodies reach the validator (400) or the service; a few get through whole.
      const validated = (seen.get(400) ?? 0) + (seen.get(201) ?? 0) + (seen.get(409) ?? 0);
      assert.ok(validated / RUNS > 0.5, summary.join('\n'));
      assert.ok((seen.get(400) ?? 0) > 0, `${key(route)}: some bodies were refused`);
    }
  },
);

test(
  'odd path parameters and queries on every API route, with a valid token: never a server error',
  { skip: NEEDS_POSTGRES },
  async () => {
    const odd = [
      '%00',
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      '%E2%82',
      'x'.repeat(3000),
    ];
    const queries = [
      '?cursor=%00',
      '?cursor=' + 'A'.repeat(200),
      '?tab=nope&status=%27',
      '?period=year&year=99999',
      '?a[b]=1&a=2&%',
    ];
    const wrong: string[] = [];
    for (const route of listRoutes(world.t.app).filter(isApi)) {
      const changes = !SAFE_METHODS.has(route.method);
      const real = fill(route.url, (name) => world.params[name]?.[0] ?? 'x');
      const urls = [
        ...(paramsOf(route.url).length
          ? odd.map((v) => route.url.replace(/:([A-Za-z_]+)/g, () => v))
          : []),
        ...(changes ? [] : queries.map((q) => real + q)),
      ];
      for (const url of urls) {
        const response = await world.t.app.inject({
          method: route.method,
          url,
          headers: {
            ...headersFor.get(scopeOf(route))!,
            ...(changes ? { 'content-type': 'application/json' } : {}),
          },
          ...(changes ? { payload: '{}' } : {}),
        });
        if (response.statusCode >= 500)
          wrong.push(`${key(route)} as ${url.slice(0, 100)}: ${response.statusCode}`);
      }
    }
    assert.deepEqual(wrong, []);
  },
);
