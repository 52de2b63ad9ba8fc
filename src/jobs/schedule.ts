import { auditSealJob } from '../features/audit/job.ts';
import type { ScheduledJob } from './runner.ts';

/** Every scheduled job of the service. */
export function scheduledJobs(): ScheduledJob[] {
  return [auditSealJob];
}
