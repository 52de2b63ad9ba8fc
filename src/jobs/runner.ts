import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';

/** What the runner logs with: pino and Fastify's logger both fit. */
export interface JobLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobContext {
  database: Database;
  clock: Clock;
  logger: JobLogger;
}

export interface ScheduledJob {
  /** Stable: it is the job's row in scheduled_jobs. */
  name: string;
  /** Time from the end of one run to the next. */
  intervalSeconds: number;
  /** How long a run may take before another instance may presume it lost and start again. */
  leaseSeconds?: number;
  run(context: JobContext): Promise<void>;
}

const DEFAULT_LEASE_SECONDS = 300;
const seconds = (date: Date, s: number) => new Date(date.getTime() + s * 1000);

/** Adds rows for jobs not yet scheduled (due at once) and keeps intervals up to date. */
export async function scheduleJobs(database: Database, clock: Clock, jobs: ScheduledJob[]) {
  if (jobs.length === 0) return;
  await database.db
    .insertInto('scheduled_jobs')
    .values(
      jobs.map((job) => ({
        name: job.name,
        interval_seconds: job.intervalSeconds,
        next_run_at: clock.now(),
      })),
    )
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ interval_seconds: eb.ref('excluded.interval_seconds') })),
    )
    .execute();
}

/**
 * Claims one due job: the row is locked with SKIP LOCKED (a runner claiming it at the same moment
 * passes over it) and its next run pushed past the lease before the claim commits, so no other
 * instance can start it while it runs. Returns the claim time, which the finish is matched on.
 */
async function claimDueJob(
  database: Database,
  clock: Clock,
  jobs: ScheduledJob[],
): Promise<{ job: ScheduledJob; startedAt: Date } | null> {
  const now = clock.now();
  return database.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('scheduled_jobs')
      .select('name')
      .where(
        'name',
        'in',
        jobs.map((j) => j.name),
      )
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .orderBy('name')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    const job = due && jobs.find((j) => j.name === due.name);
    if (!job) return null;
    await trx
      .updateTable('scheduled_jobs')
      .set({
        next_run_at: seconds(now, job.leaseSeconds ?? DEFAULT_LEASE_SECONDS),
        last_started_at: now,
      })
      .where('name', '=', job.name)
      .execute();
    return { job, startedAt: now };
  });
}

/** An error's class and code, or its message when it has no code (drivers quote values). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string'
    ? `${error.name} ${code}`
    : `${error.name}: ${error.message}`.slice(0, 500);
}

/** Runs every job that is due, one after another, until none is. Returns the names run. */
export async function runDueJobs(
  context: JobContext & { jobs: ScheduledJob[] },
): Promise<string[]> {
  const { database, clock, logger, jobs } = context;
  const ran: string[] = [];
  for (;;) {
    const claim = await claimDueJob(database, clock, jobs);
    if (!claim) return ran;
    const { job, startedAt } = claim;
    let failure: string | null = null;
    try {
      await job.run({ database, clock, logger });
    } catch (error) {
      failure = describeError(error);
      logger.error({ job: job.name, error: failure }, 'scheduled job failed');
    }
    const finishedAt = clock.now();
    // Matched on the claim, so a run that outlived its lease does not overwrite a newer one.
    await database.db
      .updateTable('scheduled_jobs')
      .set((eb) => ({
        next_run_at: seconds(finishedAt, job.intervalSeconds),
        last_run_at: finishedAt,
        last_duration_ms: finishedAt.getTime() - startedAt.getTime(),
        last_error: failure,
        runs: eb('runs', '+', 1),
        failures: eb('failures', '+', failure ? 1 : 0),
      }))
      .where('name', '=', job.name)
      .where('last_started_at', '=', startedAt)
      .execute();
    ran.push(job.name);
  }
}

export interface JobRunner {
  /** Stops polling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Polls for due jobs every `pollMs` until stopped. Every instance runs one; the claim makes each
 * due run happen once. In the embedded mode it is the same code, in the one process.
 */
export function startJobRunner(options: {
  database: Database;
  clock: Clock;
  logger: JobLogger;
  jobs: ScheduledJob[];
  pollMs?: number;
}): JobRunner {
  const { database, clock, logger, jobs } = options;
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let current: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      if (!scheduled) {
        await scheduleJobs(database, clock, jobs);
        scheduled = true;
      }
      await runDueJobs({ database, clock, logger, jobs });
    } catch (error) {
      // The database may be restarting: try again at the next tick.
      logger.warn({ error: describeError(error) }, 'job runner could not poll');
    }
  };
  const loop = () => {
    if (stopped) return;
    current = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };
  loop();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
