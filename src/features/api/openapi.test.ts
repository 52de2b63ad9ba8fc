import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { listRoutes } from '../../web/routes.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let document: Record<string, unknown>;

before(async () => {
  t = await testApp();
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  document = response.json();
});
after(() => t?.close());

type Operation = Record<string, unknown> & {
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
  requestBody?: { content: Record<string, { example?: unknown }> };
  security: Record<string, string[]>[];
  'x-scope'?: string;
};
const operations = () =>
  Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
    ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );

test('the generated document is valid OpenAPI 3.1', async () => {
  assert.equal(document.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(validator.version, '3.1');
  assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 2));
  assert.equal(result.valid, true);
});

test('it lists every registered /api/v1/ route, and only those', () => {
  const registered = listRoutes(t.app)
    .filter((r) => r.url.startsWith('/api/v1/'))
    .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
    .sort();
  const documented = operations()
    .map(({ path, method }) => `${method} ${path}`)
    .sort();
  assert.ok(registered.length >= 10, `found ${registered.length} API routes`);
  assert.deepEqual(documented, registered);
  for (const expected of [
    'post /api/v1/requests',
    'get /api/v1/requests/{caseId}/advice',
    'get /api/v1/cases',
    'get /api/v1/statistics/tables/{table}',
    'get /api/v1/openapi.json',
  ]) {
    assert.ok(documented.includes(expected), expected);
  }
});

test('every operation has an example answer, and every body an example request', () => {
  const missing: string[] = [];
  for (const { path, method, op } of operations()) {
    const successes = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
    if (successes.length === 0) missing.push(`${method} ${path}: no success answer`);
    for (const [status, answer] of successes) {
      const examples = Object.values(answer.content ?? {}).filter((c) => c.example !== undefined);
      if (examples.length === 0) missing.push(`${method} ${path}: no example of ${status}`);
    }
    for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) {
      if (content.example === undefined) missing.push(`${method} ${path}: no example ${type} body`);
    }
  }
  assert.deepEqual(missing, []);
});

test('protected operations name their scope under both security schemes, with problem+json errors', () => {
  const components = document.components as Record<string, Record<string, unknown>>;
  assert.ok(components.securitySchemes!.clientCredentials);
  assert.ok(components.securitySchemes!.bearer);
  const create = operations().find((o) => o.method === 'post' && o.path === '/api/v1/requests')!;
  assert.deepEqual(create.op.security, [
    { clientCredentials: ['requests:write'] },
    { bearer: ['requests:write'] },
  ]);
  for (const status of ['400', '401', '403', '409', '422', '429']) {
    assert.ok(create.op.responses[status], `POST /api/v1/requests documents ${status}`);
  }
  const problem = (components.responses!['400'] as { content: Record<string, unknown> }).content;
  assert.ok(problem['application/problem+json']);
  const cases = operations().find((o) => o.method === 'get' && o.path === '/api/v1/cases')!;
  assert.deepEqual(cases.op.security[0], { clientCredentials: ['cases:read'] });
  const spec = operations().find((o) => o.path === '/api/v1/openapi.json')!;
  assert.deepEqual(spec.op.security, [], 'the document itself is public');
});

test('the request body schema is the route’s own zod schema', () => {
  const create = operations().find((o) => o.method === 'post' && o.path === '/api/v1/requests')!;
  const body = create.op.requestBody!.content['application/json'] as {
    schema: { properties: Record<string, unknown>; required: string[] };
  };
  assert.deepEqual(Object.keys(body.schema.properties).sort(), [
    'concerns',
    'hubId',
    'linkEarlierRequest',
    'person',
    'prevent',
    'referral',
    'urgency',
  ]);
  assert.ok(body.schema.required.includes('person'));
  assert.ok(!body.schema.required.includes('hubId'));
});

test('the docs page shows every operation for people, without script', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/docs' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/html/);
  const html = response.body;
  for (const { path, method, op } of operations()) {
    assert.ok(html.includes(`<code>${path}</code>`), `${method} ${path} on the page`);
    if (op['x-scope']) assert.ok(html.includes(`<code>${op['x-scope']}</code>`));
  }
  assert.ok(html.includes('Idempotency-Key'));
  assert.ok(html.includes('&quot;givenName&quot;'), 'the example request body is shown');
  // The layout's one nonce'd line is the only inline script (the CSP allows no other).
  assert.doesNotMatch(html, /<script(?![^>]*\b(?:src|nonce)=)/, 'no inline script');
  assert.doesNotMatch(html, /swagger/i);
});
