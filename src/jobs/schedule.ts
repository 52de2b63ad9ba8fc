import type { AuditAnchors } from '../features/audit/anchors.ts';
import { auditSealJob } from '../features/audit/job.ts';
import { dailyNotificationJobs } from '../features/notifications/daily.ts';
import type { MailSender } from '../features/notifications/mail.ts';
import { emailJob } from '../features/notifications/outbox.ts';
import { retentionJob } from '../features/retention/recompute.ts';
import type { ScheduledJob } from './runner.ts';

/** Every scheduled job of the service. Without mail settings the email outbox waits. */
export function scheduledJobs(options: {
  audit: AuditAnchors;
  mail?: { sender: MailSender; baseUrl: string } | null;
}): ScheduledJob[] {
  return [
    auditSealJob(options.audit),
    ...dailyNotificationJobs(),
    retentionJob(),
    ...(options.mail ? [emailJob(options.mail)] : []),
  ];
}
