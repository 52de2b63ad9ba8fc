// The load generator, run in its own process (fork) so the server's event loop is not also the
// client's. `concurrency` virtual users loop for a fixed time; each request picks a sample by
// weight (a page of the mix with the user it is requested as) and records its latency under
// the sample's page name.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';

export interface LoadSample {
  page: string;
  /** Path on the server under test. */
  path: string;
  cookie: string;
  weight: number;
}

export interface LoadJob {
  base: string;
  samples: LoadSample[];
  concurrency: number;
  seconds: number;
  seed: number;
  /**
   * Mean pause of a user between a response and their next request, in ms (exponentially
   * distributed, seeded): 0 is a closed loop that saturates the server, measuring its capacity;
   * a few seconds is people reading pages, measuring latency at a realistic load.
   */
  thinkMs: number;
}

export interface PageResult {
  requests: number;
  errors: number;
  /** Status codes other than 200, with their counts. */
  statuses: Record<string, number>;
  latenciesMs: number[];
}

export interface LoadResult {
  seconds: number;
  pages: Record<string, PageResult>;
}

/** A small seeded generator (mulberry32): the same mix of requests for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function load(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const total = job.samples.reduce((sum, s) => sum + s.weight, 0);
  const pages: Record<string, PageResult> = {};
  for (const s of job.samples) {
    pages[s.page] ??= { requests: 0, errors: 0, statuses: {}, latenciesMs: [] };
  }
  const once = (sample: LoadSample) =>
    new Promise<number>((resolve) => {
      const req = request(
        job.base + sample.path,
        { agent, headers: { cookie: sample.cookie } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      req.end();
    });
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, user) => {
      const random = seeded(job.seed + user);
      while (performance.now() < deadline) {
        let pick = random() * total;
        const sample = job.samples.find((s) => (pick -= s.weight) < 0) ?? job.samples.at(-1)!;
        const t0 = performance.now();
        const status = await once(sample);
        const result = pages[sample.page]!;
        result.latenciesMs.push(performance.now() - t0);
        result.requests += 1;
        if (status !== 200) {
          result.errors += 1;
          result.statuses[String(status)] = (result.statuses[String(status)] ?? 0) + 1;
        }
        if (job.thinkMs > 0) {
          const pause = Math.min(
            -Math.log(1 - random()) * job.thinkMs,
            deadline - performance.now(),
          );
          if (pause > 0) await new Promise((r) => setTimeout(r, pause));
        }
      }
    }),
  );
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, pages };
}

const CLIENT = 'CICERO_BENCH_LOAD_CLIENT';

/** Runs one load job in a child process and returns its results. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [CLIENT]: '1' },
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
    child.send(job);
  });
}

if (process.env[CLIENT]) {
  process.once('message', (job: LoadJob) => {
    void load(job).then((result) => process.send!(result, () => process.exit(0)));
  });
}
