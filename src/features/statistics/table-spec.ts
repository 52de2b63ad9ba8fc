import type { ChartKind, SectionId } from './published.ts';
import type { Category } from './categories.ts';

/** The shape of an entry of the catalogue of published tables (catalogue.ts). */

/** Cases counted by the tables that share their totals: received, assessed or closed. */
export type Cohort = 'received' | 'assessed' | 'closed';

interface Text {
  id: string;
  section: SectionId;
  title: string;
  definition: string;
  rowHeader: string;
  chart?: ChartKind;
}

/** A statistic of a hub summary row: which value, as what kind of figure, in which unit. */
export interface SummaryColumn {
  heading: string;
  value: 'median' | 'p90' | 'mean';
  kind: 'days' | 'score' | 'cases';
  /** Divide the stored value by this (seconds to days: 86,400). */
  scale?: number;
}

export type TableSpec = Text &
  (
    | {
        /** Categories (rows) by hub (columns), with totals and, unless share is false, shares. */
        kind: 'breakdown';
        dimension: string;
        /** The list, or the months of the period. Retired codes found are added at the end. */
        categories: readonly Category[] | 'months';
        share?: boolean;
        /** The cohort whose totals per hub are the total row (shared with its other tables). */
        cohort: Cohort;
      }
    | {
        /** A breakdown of two categories and the rate of the first among all. */
        kind: 'rate';
        dimension: string;
        categories: readonly Category[];
        rateLabel: string;
        cohort: Cohort;
      }
    | {
        /** Several per case: rows do not add up; shares are of the cases of another table. */
        kind: 'several-per-case';
        dimension: string;
        categories: readonly Category[];
        /** The breakdown whose cases the shares are of. */
        outOf: string;
        outOfLabel: string;
      }
    | {
        /** Order statistics per hub (summary rows of the dimension). */
        kind: 'hub-summary';
        dimension: string;
        columns: SummaryColumn[];
      }
    | { kind: 'open-cases'; dimension: string; column: string }
    /** Hub leads only: their clinicians by name. */
    | { kind: 'named-caseload'; column: string }
    | { kind: 'caseload-bands'; dimension: string; categories: readonly Category[]; column: string }
    | { kind: 'national-summary'; dimension: string; column: string; rows: SummaryColumn[] }
    | {
        /** Shares taken from other tables, so they agree with them. */
        kind: 'assessment-headlines';
        vulnerabilities: string;
        convictions: string;
        supervision: string;
      }
    | {
        /** Outcomes that count as diversions, and their share of all closures, per hub. */
        kind: 'diversions';
        outcomes: string;
        diversionCodes: readonly string[];
      }
    | {
        /** Categories (rows) by other categories (columns), all hubs together. */
        kind: 'cross';
        dimension: string;
        /** The rows, and the dimension whose stored codes off their list get rows of their own. */
        rowCategories: readonly Category[];
        retiredRowsFrom: string;
        columns: readonly Category[];
        /** The dimension whose stored codes off the column list get columns of their own. */
        retiredColumnsFrom?: string;
        /** Columns are ethnic group headings, found from the ethnicity code. */
        byEthnicGroup?: boolean;
        /** The tables whose "All hubs" figures are this table's row and column totals. */
        rowMargins: string;
        columnMargins: string;
      }
  );
