/**
 * When an intervention plan's actions and reviews are due (PRODUCT.md step 6). Dates are
 * calendar days ('YYYY-MM-DD'); "today" is the day in London (src/domain/london-day.ts), so an
 * action due today is not overdue until London's midnight has passed.
 *
 * - Overdue: the date has passed and the thing is still to do (an action planned or in
 *   progress; the current version's review).
 * - Due today, due soon: the date is today, or within DUE_SOON_DAYS after it.
 * - An action done or not achieved is never due: nothing is left to do.
 */

export const DUE_SOON_DAYS = 14;

export type DueState = 'overdue' | 'due_today' | 'due_soon' | 'not_due' | 'finished';

/** The action statuses that still need work (the others are finished). */
export const OPEN_ACTION_STATUSES = ['planned', 'in_progress'] as const;

/** The day `days` after an ISO date (calendar arithmetic, no time zone). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The last day a "Due and overdue" list looks at: anything dated on or before it, and still
 * to do, is listed. Services use it to filter in SQL; dueState decides each item.
 */
export const dueHorizon = (today: string): string => addDays(today, DUE_SOON_DAYS);

function byDate(date: string, today: string): DueState {
  if (date < today) return 'overdue';
  if (date === today) return 'due_today';
  if (date <= dueHorizon(today)) return 'due_soon';
  return 'not_due';
}

/** Whether an action is due or overdue today. */
export function actionDueState(
  action: { status: string; dueDate: string },
  today: string,
): DueState {
  if (!(OPEN_ACTION_STATUSES as readonly string[]).includes(action.status)) return 'finished';
  return byDate(action.dueDate, today);
}

/** Whether the current plan version's review is due or overdue today. */
export const reviewDueState = (reviewDate: string, today: string): DueState =>
  byDate(reviewDate, today);

/** Whether the item belongs on a "Due and overdue" list. */
export const isListed = (state: DueState): boolean =>
  state === 'overdue' || state === 'due_today' || state === 'due_soon';

/** The GOV.UK tag for each state (none where there is nothing to flag). */
export const DUE_TAGS: Record<
  DueState,
  { text: string; colour: 'red' | 'orange' | 'yellow' } | null
> = {
  overdue: { text: 'Overdue', colour: 'red' },
  due_today: { text: 'Due today', colour: 'orange' },
  due_soon: { text: 'Due soon', colour: 'yellow' },
  not_due: null,
  finished: null,
};

/** Whole days an overdue date is late by (0 when not late). */
export function daysLate(date: string, today: string): number {
  if (date >= today) return 0;
  const start = Date.parse(`${date}T00:00:00Z`);
  const end = Date.parse(`${today}T00:00:00Z`);
  return Math.round((end - start) / 86_400_000);
}
