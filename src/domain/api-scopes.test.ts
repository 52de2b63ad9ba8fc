import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_SCOPES, clientProblems, grantedScopes, SCOPES_OF_SIDE } from './api-scopes.ts';

test('a token gets the scopes asked for, all when none are, and none it is not entitled to', () => {
  const held = ['requests:write', 'requests:read'] as const;
  assert.deepEqual(grantedScopes(undefined, held), ['requests:write', 'requests:read']);
  assert.deepEqual(grantedScopes('  ', held), ['requests:write', 'requests:read']);
  assert.deepEqual(grantedScopes('requests:read', held), ['requests:read']);
  assert.deepEqual(grantedScopes('requests:read requests:write requests:read', held), [
    'requests:write',
    'requests:read',
  ]);
  assert.equal(grantedScopes('cases:read', held), null);
  assert.equal(grantedScopes('requests:read admin', held), null);
  assert.equal(grantedScopes('requests:read\trequests:write', held), null);
});

test('each side holds only its own scopes; police never read cases; admins are no clients', () => {
  assert.ok(!SCOPES_OF_SIDE.police.includes('cases:read'));
  assert.deepEqual(SCOPES_OF_SIDE.service, []);
  assert.deepEqual(clientProblems('police', ['requests:write']), { roles: [], scopes: [] });
  assert.deepEqual(clientProblems('police', ['cases:read', 'statistics:read']).scopes, [
    'A police client cannot have the scopes cases:read, statistics:read',
  ]);
  assert.deepEqual(clientProblems('health', []).scopes, ['Select at least one scope']);
  assert.equal(clientProblems('service', [...API_SCOPES]).roles.length, 1);
  // Every scope is held by some side.
  for (const scope of API_SCOPES) {
    assert.ok(
      Object.values(SCOPES_OF_SIDE).some((scopes) => scopes.includes(scope)),
      scope,
    );
  }
});
