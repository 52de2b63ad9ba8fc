import { sql, type RawBuilder } from 'kysely';

/** What the statistics queries count: the period, the hubs, and how caseloads are shown. */

export interface Scope {
  /** Start and end of the period, [start, end): order statistics are of these. */
  start: Date;
  end: Date;
  /**
   * The whole financial years around the period, [countStart, countEnd): counts are taken by
   * month over these, for all hubs, so that every view of every period of those years is
   * published from one suppression decision (decisions.ts).
   */
  countStart: Date;
  countEnd: Date;
  /** When "open" is judged: the end of the period, or now if that is earlier. */
  asAt: Date;
  /** The hubs in view (order statistics, caseloads); all of them when null. Counts are of all. */
  hubIds: string[] | null;
  /** Caseload per named clinician (hub leads), or only its distribution (analysts). */
  namedClinicians: boolean;
}

/** A condition on a hub column: nothing when all hubs count, false when none do. */
export const hubFilter = (column: RawBuilder<unknown>, hubIds: string[] | null) =>
  hubIds === null
    ? sql``
    : hubIds.length === 0
      ? sql` AND false`
      : sql` AND ${column} IN (${sql.join(hubIds)})`;
