import type { Database } from '../../db/database.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate, londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { addDays, OPEN_ACTION_STATUSES } from '../../domain/plan-due.ts';
import type { ScheduledJob } from '../../jobs/runner.ts';
import { notify } from './notify.ts';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Once a day: an action or plan review overdue (each once, to the allocated clinicians) and an
 * appointment tomorrow (to the clinician who holds it). Each item is notified once however often
 * the job runs (the dedupe key). One transaction: the notifications and their emails together.
 */
export async function notifyDueWork(database: Database, clock: Clock): Promise<number> {
  const today = londonDate(clock.now());
  const tomorrow = addDays(today, 1);
  return database.db.transaction().execute(async (trx) => {
    let count = 0;
    const actions = await trx
      .selectFrom('plan_actions')
      .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
      .innerJoin('cases', 'cases.id', 'plans.case_id')
      .select(['plan_actions.id', 'plans.case_id'])
      .where('plans.superseded_at', 'is', null)
      .where('cases.closed_at', 'is', null)
      .where('plan_actions.status', 'in', [...OPEN_ACTION_STATUSES])
      .where('plan_actions.due_date', '<', today)
      .execute();
    for (const action of actions) {
      count += (
        await notify(trx, clock, {
          kind: 'action_overdue',
          caseId: action.case_id,
          path: `/cases/${action.case_id}/plan`,
          dedupeKey: `action_overdue:${action.id}`,
        })
      ).length;
    }
    const reviews = await trx
      .selectFrom('plans')
      .innerJoin('cases', 'cases.id', 'plans.case_id')
      .select(['plans.id', 'plans.case_id'])
      .where('plans.superseded_at', 'is', null)
      .where('cases.closed_at', 'is', null)
      .where('plans.review_date', '<', today)
      .execute();
    for (const plan of reviews) {
      count += (
        await notify(trx, clock, {
          kind: 'review_overdue',
          caseId: plan.case_id,
          path: `/cases/${plan.case_id}/plan`,
          dedupeKey: `review_overdue:${plan.id}`,
        })
      ).length;
    }
    const appointments = await trx
      .selectFrom('contacts')
      .select(['id', 'case_id', 'clinician_id'])
      .where('status', '=', 'planned')
      .where('starts_at', '>=', londonDayStart(tomorrow))
      .where('starts_at', '<', londonDayEnd(tomorrow))
      .execute();
    for (const contact of appointments) {
      count += (
        await notify(trx, clock, {
          kind: 'appointment_tomorrow',
          caseId: contact.case_id,
          path: `/cases/${contact.case_id}`,
          only: [contact.clinician_id],
          dedupeKey: `appointment_tomorrow:${contact.id}`,
        })
      ).length;
    }
    return count;
  });
}

/**
 * The daily summary: for each user, one email counting what was marked for it (their choice
 * "daily") and is still unread. The marks are cleared in the same transaction that writes the
 * emails into the outbox, so a summary is written once.
 */
export async function writeDailySummaries(database: Database, clock: Clock): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('notifications')
      .set({ digest_pending: false })
      .where('digest_pending', '=', true)
      .returning(['user_id', 'kind', 'read_at'])
      .execute();
    const perUser = new Map<string, Record<string, number>>();
    for (const row of marked) {
      if (row.read_at) continue;
      const kinds = perUser.get(row.user_id) ?? {};
      kinds[row.kind] = (kinds[row.kind] ?? 0) + 1;
      perUser.set(row.user_id, kinds);
    }
    if (perUser.size === 0) return 0;
    const now = clock.now();
    await trx
      .insertInto('notification_emails')
      .values(
        [...perUser].map(([userId, kinds]) => ({
          user_id: userId,
          notification_id: null,
          kinds: JSON.stringify(kinds),
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .execute();
    return perUser.size;
  });
}

/** The two daily jobs (every 24 hours from their last run). */
export function dailyNotificationJobs(): ScheduledJob[] {
  return [
    {
      name: 'notifications.due-work',
      intervalSeconds: DAY_SECONDS,
      run: async ({ database, clock }) => void (await notifyDueWork(database, clock)),
    },
    {
      name: 'notifications.daily-summary',
      intervalSeconds: DAY_SECONDS,
      run: async ({ database, clock }) => void (await writeDailySummaries(database, clock)),
    },
  ];
}
