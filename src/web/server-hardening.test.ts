import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import pg from 'pg';
import type { FastifyRequest } from 'fastify';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { publicRoute } from './routes.ts';
import { isDatabaseUnavailable } from './errors.ts';

const base = { NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' };

const configError = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  return undefined;
};

test('TRUST_PROXY: off by default, a hop count or a list of addresses; a bad value names it', () => {
  assert.equal(loadConfig(base).trustProxy, false);
  assert.equal(loadConfig({ ...base, SECURE_COOKIES: 'true' }).trustProxy, false);
  assert.equal(loadConfig({ ...base, TRUST_PROXY: '0' }).trustProxy, false);
  assert.equal(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1' }).trustProxy, [
    '10.0.0.1',
    '10.1.0.0/16',
    '::1',
  ]);
  for (const bad of ['true', 'yes', '10.0.0.1/33', '10.0.0', '10.0.0.1,', '-1', '99']) {
    const message = configError({ TRUST_PROXY: bad });
    assert.match(message ?? '', /^TRUST_PROXY: /, bad);
    assert.ok(!message?.includes('\n'), 'one line');
  }
});

test('timeouts: defaults, seconds in the environment, and bad values named', () => {
  assert.deepEqual(loadConfig(base).timeouts, {
    requestMs: 30_000,
    headersMs: 10_000,
    keepAliveMs: 5_000,
    connectionMs: 60_000,
  });
  const set = loadConfig({
    ...base,
    REQUEST_TIMEOUT_SECONDS: '20',
    HEADERS_TIMEOUT_SECONDS: '2.5',
    KEEP_ALIVE_TIMEOUT_SECONDS: '8',
    CONNECTION_TIMEOUT_SECONDS: '90',
  }).timeouts;
  assert.deepEqual(set, {
    requestMs: 20_000,
    headersMs: 2_500,
    keepAliveMs: 8_000,
    connectionMs: 90_000,
  });
  for (const name of [
    'REQUEST_TIMEOUT_SECONDS',
    'HEADERS_TIMEOUT_SECONDS',
    'KEEP_ALIVE_TIMEOUT_SECONDS',
    'CONNECTION_TIMEOUT_SECONDS',
  ]) {
    for (const bad of ['0', 'soon', '-5', '4000']) {
      assert.match(configError({ [name]: bad }) ?? '', new RegExp(`^${name}: `), `${name}=${bad}`);
    }
  }
  assert.match(
    configError({ REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '6' }) ?? '',
    /^HEADERS_TIMEOUT_SECONDS: /,
  );
});

const ipRoute = () => [
  publicRoute({
    method: 'GET',
    url: '/test/ip',
    handler: ({ request }) => ({ ip: request.ip }),
  }),
];

async function ipSeen(config: Partial<Config>): Promise<string> {
  const t = await testApp({ config, routes: ipRoute });
  try {
    const response = await t.app.inject({
      method: 'GET',
      url: '/test/ip',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    return response.json<{ ip: string }>().ip;
  } finally {
    await t.close();
  }
}

test('X-Forwarded-For is believed only from the configured proxies', async () => {
  assert.equal(await ipSeen({ secureCookies: true }), '127.0.0.1', 'not just because of TLS');
  assert.equal(await ipSeen({ trustProxy: false }), '127.0.0.1');
  assert.equal(await ipSeen({ trustProxy: 1 }), '203.0.113.9');
  assert.equal(await ipSeen({ trustProxy: ['10.0.0.1'] }), '127.0.0.1');
  assert.equal(await ipSeen({ trustProxy: ['127.0.0.1'] }), '203.0.113.9');
});

test('X-Frame-Options is DENY, agreeing with frame-ancestors none', async () => {
  const t = await testApp();
  try {
    const response = await t.app.inject({ method: 'GET', url: '/sign-in' });
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
  } finally {
    await t.close();
  }
});

/** Starts the app on 127.0.0.1 with short timeouts; returns its port. */
async function listening(t: TestApp): Promise<number> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  assert.ok(address && typeof address === 'object');
  return address.port;
}

/** Sends `first`, then one byte every `everyMs` until the server closes (at most `maxMs`). */
async function trickle(port: number, first: string, everyMs: number, maxMs: number) {
  const socket: Socket = connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let closed = false;
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  const started = Date.now();
  if (first) socket.write(first);
  for (let i = 0; i < Math.ceil(maxMs / everyMs) && !closed; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    if (!closed && first) socket.write('a');
  }
  const elapsed = Date.now() - started;
  socket.destroy();
  return { closed, elapsed, received };
}

const short: Partial<Config> = {
  timeouts: { requestMs: 1200, headersMs: 600, keepAliveMs: 400, connectionMs: 1500 },
};

test('a connection trickling bytes is closed within the configured timeouts', async () => {
  const t = await testApp({ config: short });
  try {
    const port = await listening(t);
    // Headers that never end: closed by the headers timeout.
    const headers = await trickle(
      port,
      'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ',
      100,
      5000,
    );
    assert.ok(headers.closed, 'closed');
    assert.ok(headers.elapsed < 1500, `headers: closed after ${headers.elapsed} ms`);
    // A body that never ends: closed by the request timeout.
    const body = await trickle(
      port,
      'POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n',
      100,
      5000,
    );
    assert.ok(body.closed, 'closed');
    assert.ok(body.elapsed < 2500, `body: closed after ${body.elapsed} ms`);
    // Silent: closed by the connection timeout.
    const silent = await trickle(port, '', 100, 5000);
    assert.ok(silent.closed, 'closed');
    assert.ok(silent.elapsed < 2500, `silent: closed after ${silent.elapsed} ms`);
  } finally {
    await t.close();
  }
});

test('an idle kept-alive connection is closed after the keep-alive timeout', async () => {
  const t = await testApp({ config: short });
  try {
    const port = await listening(t);
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    let answeredAt = 0;
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.on('data', (chunk: Buffer) => {
      answeredAt ||= Date.now();
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    const deadline = setTimeout(() => socket.destroy(), 5000);
    const closedAt = await closed;
    clearTimeout(deadline);
    assert.match(received, /^HTTP\/1\.1 200/);
    const idle = closedAt - answeredAt;
    assert.ok(idle < 1500, `closed ${idle} ms after the answer (keep-alive 400 ms)`);
  } finally {
    await t.close();
  }
});

test('only the database driver’s failures count as the database being unavailable', async () => {
  const error = (message: string, fields: Record<string, unknown>) =>
    Object.assign(new Error(message), fields);
  assert.equal(
    isDatabaseUnavailable(
      error('connect ECONNREFUSED', { code: 'ECONNREFUSED', syscall: 'connect' }),
    ),
    true,
  );
  assert.equal(
    isDatabaseUnavailable(error('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' })),
    true,
  );
  assert.equal(isDatabaseUnavailable(error('terminating connection', { code: '57P01' })), true);
  assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
  assert.equal(isDatabaseUnavailable(new Error('PGlite is closed')), true);
  // The client of the request went away: not the database.
  assert.equal(isDatabaseUnavailable(error('aborted', { code: 'ECONNRESET' })), false);
  assert.equal(
    isDatabaseUnavailable(error('premature', { code: 'ERR_STREAM_PREMATURE_CLOSE' })),
    false,
  );
  const gone = { raw: { socket: { destroyed: true } } } as unknown as FastifyRequest;
  assert.equal(
    isDatabaseUnavailable(error('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' }), gone),
    false,
  );
  // The real pg driver against a closed port on this machine.
  const client = new pg.Client({ connectionString: 'postgres://cicero@127.0.0.1:9/cicero' });
  const failure = await client.connect().then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.equal(isDatabaseUnavailable(failure), true);
});

test('a client that drops mid-request is not logged as the database being unavailable', async () => {
  const t = await testApp({ config: short });
  try {
    const port = await listening(t);
    const socket = connect({ port, host: '127.0.0.1' });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      'POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    for (let i = 0; i < 30 && !t.logLines.some((l) => l.msg === 'client went away'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(
      t.logLines.some((l) => l.msg === 'client went away'),
      'the drop is logged as such',
    );
    assert.equal(t.logLines.filter((l) => l.msg === 'database unavailable').length, 0);
    assert.equal(t.logLines.filter((l) => Number(l.level) >= 50).length, 0, 'no error logged');
  } finally {
    await t.close();
  }
});
