import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { auditAnchors } from './features/audit/anchors.ts';
import { prepareDatabase, StartRefused } from './db/startup.ts';
import { systemClock } from './domain/clock.ts';
import { signInHelp } from './features/demo/commands.ts';
import { hasNoUsers, seedDemo } from './features/demo/seed.ts';
import { startJobRunner, type JobRunner } from './jobs/runner.ts';
import { scheduledJobs } from './jobs/schedule.ts';
import { smtpSender } from './features/notifications/mail.ts';
import { loadInstrumentTemplates } from './features/formulation/templates.ts';

async function main(): Promise<void> {
  let config;
  let audit;
  try {
    config = loadConfig(process.env);
    // The audit key file is made now on a first start outside production (docs/audit.md).
    audit = auditAnchors(config.audit);
    // A bad instrument template stops the start before any database work (or demo data).
    loadInstrumentTemplates(config.instrumentsDir);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cicero cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  console.log('Cicero is starting: opening the database and checking its schema is up to date…');
  const database = await openConfiguredDatabase(config);
  try {
    // Migrates, except on PostgreSQL in production: there it only checks (src/db/startup.ts).
    await prepareDatabase(config, database);
  } catch (error) {
    if (error instanceof StartRefused) {
      console.error(`Cicero cannot start: ${error.message}`);
      await database.close();
      process.exit(1);
    }
    throw error;
  }
  // First start of the embedded demo: make the demo users so someone can sign in at once.
  const firstDemoStart =
    database.kind === 'pglite' && config.demo && (await hasNoUsers(database.db));
  if (firstDemoStart) {
    console.log('First start in demo mode: making synthetic demo data (about half a minute)…');
    await seedDemo(database.db, systemClock, { progress: (line) => console.log(line) });
  }
  const app = await buildApp({ config, database, clock: systemClock });

  // Started after listen; a signal may come first.
  const running: { jobs?: JobRunner } = {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing requests in flight');
    try {
      await app.close();
      // Before the database closes: a sealing pass in progress finishes first.
      await running.jobs?.stop();
    } finally {
      await database.close();
      app.log.info('stopped');
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  running.jobs = startJobRunner({
    database,
    clock: systemClock,
    logger: app.log,
    jobs: scheduledJobs({
      audit,
      mail: config.mail && { sender: smtpSender(config.mail), baseUrl: config.mail.baseUrl },
    }),
  });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(
    `Cicero is running at http://${shown}:${config.port}/ (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}). Press Ctrl-C to stop.`,
  );
  if (firstDemoStart) {
    console.log(
      [
        '',
        'Demo mode: demo users were created.',
        ...signInHelp(`http://${shown}:${config.port}/`),
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  console.error('Cicero failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
