// The baseline of the load benchmark: a bare node:http server that answers each sample with the
// same SQL the application ran for it (captured from the application itself), on a `pg` pool
// of the same size, and nothing else: no framework, no templates, no sessions, no audit rows.
// It is the practical limit of this machine for those pages; the application's throughput is
// reported as a ratio to it.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import pg from 'pg';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

export interface BaselineJob {
  databaseUrl: string;
  poolSize: number;
  /** Sample i answers GET /s/i by running queries[i] in one transaction. */
  queries: CapturedQuery[][];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function serve(job: BaselineJob): Promise<number> {
  const pool = new pg.Pool({ connectionString: job.databaseUrl, max: job.poolSize });
  pool.on('error', () => {});
  const server = createServer((req, res) => {
    const index = Number(/^\/s\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
    const queries = job.queries[index];
    if (!queries) {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const results: unknown[] = [];
        for (const q of queries) {
          results.push((await client.query(q.sql, q.parameters as unknown[])).rows);
        }
        await client.query('COMMIT');
        const body = `<!DOCTYPE html><html lang="en"><body><pre>${escapeHtml(JSON.stringify(results))}</pre></body></html>`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      } catch (e) {
        if (process.env.BASELINE_DEBUG) console.error(String(e));
        await client.query('ROLLBACK').catch(() => {});
        res.writeHead(500).end();
      } finally {
        client.release();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const CHILD = 'CICERO_BENCH_BASELINE';

/** Starts the baseline server in its own process; resolves with its port and the process. */
export function startBaseline(job: BaselineJob): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [CHILD]: '1' },
      serialization: 'advanced',
    });
    child.once('message', (port) => resolve({ port: port as number, child }));
    child.once('error', reject);
    child.send(job);
  });
}

if (process.env[CHILD]) {
  process.once('message', (job: BaselineJob) => {
    void serve(job).then((port) => process.send!(port));
  });
}
