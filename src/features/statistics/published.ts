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
}

export const DISCLOSURE_RULE =
  'Counts of 0 are shown as 0. Counts from 1 to 7 are shown as *. Counts of 8 or more are rounded to the nearest 5. Totals are worked out from the unrounded counts, then rounded. Percentages are worked out from the rounded figures. A median, mean or percentile based on fewer than 8 values is shown as *. Where a hidden count could be worked out from the totals, another count is hidden too (also shown as *).';
