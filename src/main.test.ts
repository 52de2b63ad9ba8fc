import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, DATA_DIR: mkdtempSync(join(tmpdir(), 'cicero-main-')), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

for (const [variable, value] of [
  ['PORT', 'not-a-port'],
  ['DATABASE_URL', 'mysql://localhost/cicero'],
] as const) {
  test(`a bad ${variable} stops the start with one clear line naming it`, () => {
    const result = start({ [variable]: value });
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, new RegExp(`^Cicero cannot start: ${variable}: `));
  });
}
