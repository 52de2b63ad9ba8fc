import type { ScheduledJob } from '../../jobs/runner.ts';
import { sealAudit } from './seal.ts';

/** Chains new audit events every few seconds, on whichever instance claims the run. */
export const auditSealJob: ScheduledJob = {
  name: 'audit.seal',
  intervalSeconds: 5,
  async run({ database, clock, logger }) {
    const pass = await sealAudit(database.db, clock);
    // The head goes to the application log, kept apart from the database: a later chain that
    // does not contain this head was cut short or rewritten.
    if (pass.sealed > 0) logger.info({ sealed: pass.sealed, head: pass.head }, 'audit sealed');
  },
};
