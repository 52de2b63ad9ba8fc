import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO_PASSWORD } from './features/demo/accounts.ts';

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

test('the first start in demo mode says what it is doing, then the address, an account and the password', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cicero-first-')),
      PORT: String(port),
      DEMO: 'true',
    },
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.resume();
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => {
        if (out.includes('security code:')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before it was ready:\n${out}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
  const lines = out.split('\n');
  const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
  const order = [
    at(/^Cicero is starting/),
    at(/^First start in demo mode: making synthetic demo data/),
    at(/^ {2}demo users: \d+ added$/),
    at(/^ {2}demo cases: \d+ added$/),
    at(new RegExp(`^Cicero is running at http://127\\.0\\.0\\.1:${port}/`)),
    at(/^Sign in at .* as any demo account, for example \S+@demo\.cicero\.example$/),
    at(new RegExp(`^ {2}password: ${DEMO_PASSWORD}$`)),
  ];
  assert.ok(
    order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)),
    out,
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
