import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../config.ts';

const base = { NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' };

test('API_RATE_LIMIT_PER_MINUTE: 300 by default, a whole number, a bad value named', () => {
  assert.equal(loadConfig(base).apiRateLimitPerMinute, 300);
  assert.equal(loadConfig({ ...base, API_RATE_LIMIT_PER_MINUTE: '60' }).apiRateLimitPerMinute, 60);
  for (const bad of ['0', '-1', '1.5', 'lots', '100001']) {
    assert.throws(
      () => loadConfig({ ...base, API_RATE_LIMIT_PER_MINUTE: bad }),
      (error: unknown) =>
        error instanceof ConfigError && error.message.startsWith('API_RATE_LIMIT_PER_MINUTE'),
      bad,
    );
  }
});
