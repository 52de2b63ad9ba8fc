import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

for (const [variable, value] of [
  ['TRUST_PROXY', 'true'],
  ['REQUEST_TIMEOUT_SECONDS', 'forever'],
] as const) {
  test(`a bad ${variable} stops the start with one line naming it`, () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'cicero-main-')),
        [variable]: value,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, new RegExp(`^Cicero cannot start: ${variable}: `));
  });
}
