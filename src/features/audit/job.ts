import type { ScheduledJob } from '../../jobs/runner.ts';
import type { AuditAnchors } from './anchors.ts';
import { sealAudit } from './seal.ts';

/**
 * Chains new audit events every few seconds, on whichever instance claims the run. A run that
 * sealed something ends with a signed checkpoint in the checkpoint folder and one log line
 * carrying it: the log, like the folder, is kept apart from the database.
 */
export function auditSealJob(anchors: AuditAnchors): ScheduledJob {
  return {
    name: 'audit.seal',
    intervalSeconds: 5,
    async run({ database, clock, logger }) {
      const run = await sealAudit(database.db, clock, anchors);
      if (run.keyed > 0) {
        logger.info(
          { keyed: run.keyed, keyId: anchors.keyring.current.id },
          'audit chain keyed: seals made before keys existed now have MACs',
        );
      }
      if (run.checkpoint) {
        logger.info(
          { sealed: run.sealed, checkpoint: run.checkpoint, written: run.checkpointWritten },
          'audit sealed',
        );
      }
    },
  };
}
