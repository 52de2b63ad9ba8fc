import type { Published, Suppression } from '../../domain/disclosure-control.ts';
import type { Period } from './period.ts';

/**
 * What leaves disclosure control: published tables, with the sections of the page they belong
 * to. Presenters, charts and exports only ever receive a PublishedStatistics.
 */

export type CellKind = 'count' | 'percent' | 'days' | 'score' | 'cases';

export interface Cell {
  kind: CellKind;
  /** null: nothing to show (no values, or nothing to divide by). */
  value: Published | null;
  suppression: Suppression;
}

export interface Row {
  label: string;
  cells: Cell[];
  /** A total row (shown in bold, left out of charts). */
  total?: boolean;
}

export const SECTIONS = [
  { id: 'requests', heading: 'Requests received' },
  { id: 'triage', heading: 'Triage' },
  { id: 'casework', heading: 'Open cases and caseloads' },
  { id: 'assessment', heading: 'Assessment: what formulations found' },
  { id: 'closures', heading: 'Closures and outcomes' },
  { id: 'equality', heading: 'Equality monitoring' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

export type ChartKind = 'trend' | 'bar';

export interface PublishedTable {
  id: string;
  section: SectionId;
  title: string;
  /** How the figures are defined (shown under the table and in the export's metadata). */
  definition: string;
  rowHeader: string;
  columns: string[];
  rows: Row[];
  chart?: ChartKind;
}

export interface PublishedStatistics {
  period: Period;
  /** "All hubs" or the hub's name. */
  scopeLabel: string;
  hubs: { id: string; code: string; name: string }[];
  asAt: Date;
  generatedAt: Date;
  tables: PublishedTable[];
  /** Where the figures were read, when a reporting replica is configured (src/db/reporting.ts). */
  readFrom?: { from: 'replica' | 'primary'; behindSeconds: number | null; fellBack: boolean };
}

export const DISCLOSURE_RULE =
  'Counts of 0 are shown as 0. Counts from 1 to 7 are shown as *. Counts of 8 or more are rounded to the nearest 5. Totals are worked out from the unrounded counts, then rounded. Percentages are worked out from the rounded figures. A median, mean or percentile based on fewer than 8 values is shown as *. Where a hidden count could be worked out from other figures, other counts are hidden too (also shown as *). Which figures are hidden is decided once for each table and financial year, over all hubs and every month and quarter of the year, so the national figures, each hub’s figures and the downloads hide the same figures, and no figure of one period can be worked out by subtracting figures of others. So that periods cannot overlap in part, figures are published only for whole months, quarters and financial years: custom dates are widened to these. A figure of several financial years is hidden when it is hidden in any of them. A figure hidden in any month of a year is hidden in every month of that year, even where it is 0 that month. Type of concern crossed with ethnic group, gender and age band is published for all hubs together only.';
