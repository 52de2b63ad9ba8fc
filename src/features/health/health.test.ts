import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { openDatabase } from '../../db/database.ts';

test('live answers ok without touching the database', async () => {
  const t = await testApp();
  try {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  } finally {
    await t.close();
  }
});

test('ready answers 200 while the database answers', async () => {
  const t = await testApp();
  try {
    const up = await t.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(up.statusCode, 200);
    assert.deepEqual(up.json(), { status: 'ok', database: 'ok' });
  } finally {
    await t.close();
  }
});

test('ready answers 503 with a reason when the database server is down', async () => {
  const down = await openDatabase({
    kind: 'postgres',
    url: 'postgres://cicero@127.0.0.1:9/cicero',
  });
  const t = await testApp({ database: down });
  try {
    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json(), { status: 'unavailable', database: 'unreachable' });
  } finally {
    await t.close();
  }
});

test('ready carries Retry-After with its 503', async () => {
  const down = await openDatabase({
    kind: 'postgres',
    url: 'postgres://cicero@127.0.0.1:9/cicero',
  });
  const t = await testApp({ database: down });
  try {
    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '5');
    const up = await testApp();
    try {
      const ok = await up.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers['retry-after'], undefined);
    } finally {
      await up.close();
    }
  } finally {
    await t.close();
  }
});
