// How long the embedded service takes to start (issue #8: "embedded cold start under 3 s").
// A benchmark, never a test: it reports, it asserts nothing.
//
//   node --import tsx bench/cold-start.ts [--runs 5]
//
// It starts the service exactly as `npm start` does (`node --import tsx src/main.ts`, a new
// process each time) on a data directory of its own, and times from spawn to the first 200 of
// `/health/ready` and of the sign-in page:
//  - the first start, which creates the embedded database, migrates it and seeds the demo
//    accounts and cases;
//  - then `--runs` restarts on that directory (the everyday start: data already there).
// The process is stopped with SIGTERM between runs; its exit is awaited (one process per data
// directory).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixed, markdownTable, percentile, wholeArgument } from './support/measure.ts';

const root = join(import.meta.dirname, '..');
const runs = wholeArgument('runs', 5);
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;

async function firstOk(path: string, child: ChildProcess, from: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(base + path).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return performance.now() - from;
    if (performance.now() - from > 600_000) throw new Error('no answer in 10 minutes');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function start(dataDir: string): Promise<{ readyMs: number; pageMs: number }> {
  const from = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const readyMs = await firstOk('/health/ready', child, from);
    const pageMs = await firstOk('/sign-in', child, from);
    return { readyMs, pageMs };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'cicero-cold-start-'));
try {
  const first = await start(dataDir);
  const again: { readyMs: number; pageMs: number }[] = [];
  for (let i = 0; i < runs; i++) again.push(await start(dataDir));
  const sorted = (key: 'readyMs' | 'pageMs') => again.map((r) => r[key]).sort((a, b) => a - b);
  console.log(`Command: node --import tsx bench/cold-start.ts --runs ${runs}`);
  console.log(
    `Load average (1 min) at the end: ${fixed(loadavg()[0]!)} on ${cpus().length} CPUs\n`,
  );
  console.log(
    markdownTable(
      ['start', 'ready (ms)', 'sign-in page (ms)'],
      [
        [
          'first start (create, migrate, seed demo)',
          fixed(first.readyMs, 0),
          fixed(first.pageMs, 0),
        ],
        [
          `restart, median of ${runs}`,
          fixed(percentile(sorted('readyMs'), 50), 0),
          fixed(percentile(sorted('pageMs'), 50), 0),
        ],
        [
          `restart, slowest of ${runs}`,
          fixed(percentile(sorted('readyMs'), 100), 0),
          fixed(percentile(sorted('pageMs'), 100), 0),
        ],
      ],
    ),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
