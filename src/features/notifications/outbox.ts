import type { Database } from '../../db/database.ts';
import type { Clock } from '../../domain/clock.ts';
import type { JobLogger, ScheduledJob } from '../../jobs/runner.ts';
import { composeEmail, type MailSender } from './mail.ts';

/**
 * The email outbox (notification_emails), sent by a database job. Each email is claimed alone:
 * its row is locked with SKIP LOCKED and its next attempt pushed past a lease before the claim
 * commits, so no other instance sends it meanwhile; nothing is held open while the SMTP server
 * answers, so a slow or absent server never slows a page. Accepted: marked sent at once, matched
 * on the claim. Refused or unreachable: tried again after an exponential backoff. A job that dies
 * between claim and mark leaves the row to be claimed again when its lease runs out.
 *
 * Exactly once in the normal case; at least once at the edge: if the process dies (or the
 * database is unreachable) after the server accepted the message and before it is marked sent,
 * the email is sent again when the lease runs out (docs/notifications.md).
 */

export const EMAIL_LEASE_SECONDS = 120;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_MAX_SECONDS = 3600;
/** A server that refuses the message itself (5xx) is asked this many times before giving up. */
const PERMANENT_FAILURE_ATTEMPTS = 5;
/** Emails one run sends at most, so the job's own lease (5 minutes) is never reached. */
const MAX_PER_RUN = 200;

/** Seconds to wait after the `attempts`-th failure: 30 s, 1 min, 2 min, … at most an hour. */
export const backoffSeconds = (attempts: number): number =>
  Math.min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1));

const after = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

interface Claimed {
  id: string;
  email: string | null;
  notificationId: string | null;
  kinds: Record<string, number>;
  attempts: number;
  claimedAt: Date;
}

async function claimOne(database: Database, clock: Clock): Promise<Claimed | null> {
  const now = clock.now();
  return database.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notification_emails')
      .select(['id', 'user_id', 'notification_id', 'kinds', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .updateTable('notification_emails')
      .set({ claimed_at: now, next_attempt_at: after(now, EMAIL_LEASE_SECONDS) })
      .where('id', '=', row.id)
      .execute();
    const user = await trx
      .selectFrom('users')
      .select(['email', 'status'])
      .where('id', '=', row.user_id)
      .executeTakeFirst();
    const kinds = (typeof row.kinds === 'string' ? JSON.parse(row.kinds) : row.kinds) as Record<
      string,
      number
    >;
    return {
      id: row.id,
      email: user && user.status === 'active' ? user.email : null,
      notificationId: row.notification_id,
      kinds,
      attempts: row.attempts,
      claimedAt: now,
    };
  });
}

/** An error's class and SMTP code or status: never the message, which may quote an address. */
function describe(error: unknown): { text: string; permanent: boolean } {
  const e = error as {
    name?: unknown;
    code?: unknown;
    originalCode?: unknown;
    responseCode?: unknown;
  };
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  const parts = [typeof e.name === 'string' ? e.name : 'Error'];
  if (typeof e.code === 'string') parts.push(e.code);
  // nodemailer wraps a socket error (ESOCKET) and keeps the system's code: ECONNREFUSED, …
  if (typeof e.originalCode === 'string' && e.originalCode !== e.code) parts.push(e.originalCode);
  if (status) parts.push(String(status));
  return { text: parts.join(' ').slice(0, 200), permanent: status !== null && status >= 500 };
}

export interface OutboxDeps {
  database: Database;
  clock: Clock;
  sender: MailSender;
  baseUrl: string;
  logger?: JobLogger;
}

/**
 * Sends every email now due, one by one, until none is or the server cannot be reached (the
 * rest wait for the next run). Returns how many were sent and how many attempts failed.
 */
export async function sendDueEmails(deps: OutboxDeps): Promise<{ sent: number; failed: number }> {
  const { database, clock, sender, baseUrl, logger } = deps;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < MAX_PER_RUN; i++) {
    const claim = await claimOne(database, clock);
    if (!claim) break;
    const mine = database.db
      .updateTable('notification_emails')
      .where('id', '=', claim.id)
      .where('claimed_at', '=', claim.claimedAt)
      .where('status', '=', 'pending');
    if (!claim.email) {
      await mine.set({ status: 'failed', last_error: 'account not active' }).execute();
      continue;
    }
    try {
      await sender.send(composeEmail(baseUrl, claim.email, claim.kinds, claim.notificationId));
    } catch (error) {
      failed++;
      const { text, permanent } = describe(error);
      const attempts = claim.attempts + 1;
      const giveUp = permanent && attempts >= PERMANENT_FAILURE_ATTEMPTS;
      await mine
        .set({
          attempts,
          last_error: text,
          status: giveUp ? 'failed' : 'pending',
          next_attempt_at: after(clock.now(), backoffSeconds(attempts)),
        })
        .execute();
      logger?.warn({ email: claim.id, attempts, error: text }, 'notification email not sent');
      if (!permanent) break; // the server is unreachable: the others wait for the next run
      continue;
    }
    // Accepted by the server: marked at once, matched on this claim.
    await mine.set({ status: 'sent', sent_at: clock.now(), last_error: null }).execute();
    sent++;
  }
  return { sent, failed };
}

/** The outbox as a scheduled job: every 15 seconds, on every instance, each email once. */
export function emailJob(options: {
  sender: MailSender;
  baseUrl: string;
  intervalSeconds?: number;
}): ScheduledJob {
  return {
    name: 'notifications.email',
    intervalSeconds: options.intervalSeconds ?? 15,
    leaseSeconds: 600,
    async run({ database, clock, logger }) {
      await sendDueEmails({ database, clock, logger, ...options });
    },
  };
}
