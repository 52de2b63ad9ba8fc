import type { AuditAnchors } from '../features/audit/anchors.ts';
import { auditSealJob } from '../features/audit/job.ts';
import type { ScheduledJob } from './runner.ts';

/** Every scheduled job of the service. */
export function scheduledJobs(options: { audit: AuditAnchors }): ScheduledJob[] {
  return [auditSealJob(options.audit)];
}
