import type { Insertable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseAction, type CaseState } from '../../domain/case-state.ts';
import { auditRow, type AuditEntry } from '../audit/record.ts';
import type { Random } from './random.ts';
import type { HubStaff } from './staff.ts';

export type TableName = keyof DB;
export type Row<T extends TableName> = Insertable<DB[T]>;

/**
 * The rows of one batch (a year of requests), by table: people and cases first, then the
 * other tables in the order they were first added to. Per-case generators add parents before
 * children (a formulation before its factors), so that order is a safe insert order for
 * foreign keys.
 */
export class RowBatch {
  private readonly tables = new Map<TableName, object[]>([
    ['people', []],
    ['cases', []],
  ]);
  /** People whose details a re-referral updated: the person row is in an earlier batch. */
  readonly personUpdates: { id: string; at: Date }[] = [];

  add<T extends TableName>(table: T, row: Row<T>): Row<T> {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = []));
    rows.push(row);
    return row;
  }

  rowsOf<T extends TableName>(table: T): Row<T>[] {
    return (this.tables.get(table) ?? []) as Row<T>[];
  }

  entries(): [TableName, object[]][] {
    return [...this.tables.entries()].filter(([, rows]) => rows.length > 0);
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.entries().map(([table, rows]) => [table, rows.length]));
  }
}

/** What is drawn for a request before its story is told, so shares never depend on timing. */
export interface CaseProfile {
  ageAtRequest: number;
  triage: 'accept' | 'advice_only' | 'decline' | 'urgent';
  firstConsent: 'given' | 'declined' | 'not_yet_sought' | 'lacks_capacity_best_interests';
  formulation: {
    primaryVulnerability: string;
    presentations: string[];
    mainstreamRelation: string;
    additionalNeeds: string[];
    convictions: boolean | null;
    supervisionFailures: boolean | null;
  };
}

/** The case being generated, as later steps need it. Its row is updated as the story goes. */
export interface GeneratedCase {
  id: string;
  reference: string;
  personId: string;
  requestedBy: string;
  requestedAt: number;
  row: Row<'cases'>;
  status: CaseState;
  /** Its allocation rows, current and ended. */
  allocations: Row<'allocations'>[];
  /** The current lead clinician, once allocated. */
  lead: string | null;
  /** Whether the consent in force allows engagement (given, or a best-interests decision). */
  engagementAllowed: boolean;
  /** The consent in force at the end, if any was recorded. */
  consent: string | null;
}

/** Everything a per-case generator works with. */
export interface CaseContext {
  random: Random;
  /** Nothing happens after this instant (ms): a story that would go on stops here. */
  now: number;
  staff: HubStaff;
  rows: RowBatch;
  /** Marks the audit rows of this run (request_id), so they are told apart from real use. */
  requestId: string;
  profile: CaseProfile;
  kase: GeneratedCase;
  /** The time of the latest event of the story (ms). */
  at: number;
  /** Set once an event would fall after `now`: later generators do nothing. */
  stopped: boolean;
}

/**
 * One kind of record in a case's story. Generators run in order, each after the previous,
 * and must only add records the application itself could have written at that point: steps
 * through `step` (the state machine), every change with its audit row through `audit`.
 * A new record type is one more generator in CASE_GENERATORS
 * (src/features/generator/cases.ts).
 */
export interface CaseGenerator {
  name: string;
  generate(context: CaseContext): void;
  /**
   * Runs on a story that has stopped (a case still in progress at `now`) too: for records
   * dated within the story so far, that never move it on (documents).
   */
  evenWhenStopped?: boolean;
}

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const hours = (n: number) => n * HOUR;
export const days = (n: number) => n * DAY;

/**
 * The first working moment at or after an instant: Monday to Friday, 08:00 to 17:00 UTC (which
 * is within 08:00 to 18:00 in London all year). Outside those hours the work waits for the next
 * working morning, starting a few minutes after 08:00 (the minutes come from the instant, so no
 * random draw is spent).
 */
export function nextWorkingTime(at: number): number {
  let day = Math.floor(at / DAY) * DAY;
  let time = at;
  for (;;) {
    const weekday = new Date(day).getUTCDay();
    const opens = day + hours(8);
    const closes = day + hours(17);
    if (weekday !== 0 && weekday !== 6 && time < closes) {
      return time >= opens ? time : opens + (Math.floor(at / 60_000) % 90) * 60_000;
    }
    day += DAY;
    time = day;
  }
}

/**
 * Moves the story to an instant (the next working time, unless `anyTime`: urgent work), if it
 * is not in the future. Returns false (and stops the story) when it is: the case stays as it is
 * now, like a real case still in progress.
 */
export function occurs(
  context: CaseContext,
  at: number,
  options: { anyTime?: boolean } = {},
): boolean {
  if (context.stopped) return false;
  const earliest = Math.max(Math.round(at), context.at + 60_000);
  const when = options.anyTime ? earliest : nextWorkingTime(earliest);
  if (when > context.now) {
    context.stopped = true;
    return false;
  }
  context.at = when;
  return true;
}

/** A step of the case through the state machine, as the services take it (version + 1). */
export function step(context: CaseContext, action: CaseAction, closedAt?: number): void {
  const result = transition(context.kase.status, action);
  if (!result.ok) {
    throw new Error(`generator bug: ${action} from ${context.kase.status}: ${result.reason}`);
  }
  context.kase.status = result.next;
  context.kase.row.status = result.next;
  context.kase.row.version = (context.kase.row.version ?? 1) + 1;
  if (closedAt !== undefined) context.kase.row.closed_at = new Date(closedAt);
}

/** The audit row of an event, written the way recordAudit writes it. */
export function audit(
  context: CaseContext,
  actor: { userId: string; role: string },
  entry: AuditEntry,
  at = context.at,
): void {
  context.rows.add(
    'audit_events',
    auditRow(
      new Date(at),
      { ...actor, hubId: context.staff.hubId, requestId: context.requestId },
      entry,
    ),
  );
}

/**
 * The rows the story of the current case has added to a table so far. Cases are told one at
 * a time, so they are the last rows of that table in the batch.
 */
export function rowsOfCase<
  T extends 'consents' | 'formulations' | 'triage_decisions' | 'police_updates' | 'released_items',
>(context: CaseContext, table: T): Row<T>[] {
  const rows = context.rows.rowsOf(table);
  // Every table named in T has a case_id column.
  const ofCase = rows as unknown as { case_id: string }[];
  let first = rows.length;
  while (first > 0 && ofCase[first - 1]!.case_id === context.kase.id) first -= 1;
  return rows.slice(first);
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
