import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Visibility } from '../../domain/compartments.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import type { SummaryRow } from '../../web/conflict.ts';
import type { AuditActor } from '../audit/record.ts';
import type { WorkFacts } from '../../domain/what-needs-doing.ts';
import { readTogether, type Readings, type RowsOf } from '../../db/read-together.ts';

/**
 * The contract by which features contribute to the case page (issue 12): each feature
 * exports its panels and timeline sources, app.ts registers them, and cases/ imports none of
 * them. A panel decides from `opened.can` / `opened.visibility` (the access core), never from
 * roles, whether the viewer may see it.
 */

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The sections of the case as a workspace (issue 13), each a page under the MoJ
 * sub-navigation, in this order.
 */
export const CASE_SECTIONS = [
  'summary',
  'request',
  'assessment',
  'plan',
  'contacts',
  'liaison',
  'disclosures',
  'documents',
  'timeline',
] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];

/** Each section's name in the sub-navigation and its address under the case (ids only). */
export const SECTION_PAGES: Record<CaseSection, { title: string; slug: string | null }> = {
  summary: { title: 'Summary', slug: null },
  request: { title: 'Request from police', slug: 'request' },
  assessment: { title: 'Assessment', slug: 'assessment' },
  plan: { title: 'Plan', slug: 'plan' },
  contacts: { title: 'Contacts and notes', slug: 'contacts-and-notes' },
  liaison: { title: 'Liaison and meetings', slug: 'liaison-and-meetings' },
  disclosures: { title: 'Disclosures', slug: 'disclosures' },
  documents: { title: 'Documents', slug: 'documents' },
  timeline: { title: 'Timeline', slug: 'timeline' },
};

/** The address of a section of a case: the Summary is the case page itself. */
export function sectionPath(caseId: string, section: CaseSection): string {
  const slug = SECTION_PAGES[section].slug;
  return slug ? `/cases/${caseId}/section/${slug}` : `/cases/${caseId}`;
}

/** The section at a slug, or undefined. */
export const sectionOfSlug = (slug: string): CaseSection | undefined =>
  CASE_SECTIONS.find((s) => SECTION_PAGES[s].slug === slug);

/** What a panel is given: the page's one transaction, and the case as the viewer opened it. */
export interface CasePanelContext {
  db: Executor;
  clock: Clock;
  actor: AuditActor;
  opened: OpenedCase;
  /** Today in the UK, 'YYYY-MM-DD'. */
  today: string;
}

/** Where a row goes in the summary list at the top of the case page. */
export const SUMMARY_ORDER = {
  reference: 10,
  person: 20,
  dateOfBirth: 30,
  hub: 40,
  urgency: 50,
  leadPractitioner: 60,
  consent: 70,
  requested: 80,
  triaged: 90,
  allocated: 100,
  closed: 110,
} as const;

/** A row a panel adds to the summary list, at its place. */
export interface SummaryEntry {
  order: number;
  row: SummaryRow;
}

/** What a panel's partial renders (each panel's own shape). */
export type PanelView = object;

/**
 * What a panel adds to the Summary section without being read whole: rows of the summary
 * list, and the facts "What needs doing" is worked out from (src/domain/what-needs-doing.ts).
 */
export interface PanelSummary {
  rows?: SummaryEntry[];
  facts?: Partial<WorkFacts>;
}

/** What a panel shows on the Summary: rows and facts, and its own view if it is a Summary panel. */
export interface PanelSummaryPart<V extends PanelView = PanelView> extends PanelSummary {
  view?: V | null;
}

/**
 * A panel's part of the Summary, in two steps so that the page reads every panel's rows in
 * one statement (src/db/read-together.ts): `reads` names the queries it needs (built, not
 * run), `build` makes its summary rows, facts and (for a panel of the Summary section) its
 * view from their rows, without reading anything more.
 */
export interface SummaryPart<V extends PanelView = PanelView> {
  reads(ctx: CasePanelContext): Readings;
  build(ctx: CasePanelContext, rows: Record<string, unknown[]>): PanelSummaryPart<V>;
}

/** A panel's Summary part, typed from its readings. */
export function summaryPart<R extends Readings, V extends PanelView = PanelView>(
  reads: (ctx: CasePanelContext) => R,
  build: (ctx: CasePanelContext, rows: RowsOf<R>) => PanelSummaryPart<V>,
): SummaryPart<V> {
  return { reads, build };
}

/** A Summary panel's view when it is read alone (the printed summary reads panels one by one). */
export async function readPart<V extends PanelView>(
  part: SummaryPart<V>,
  ctx: CasePanelContext,
): Promise<V | null> {
  return part.build(ctx, await readTogether(ctx.db, part.reads(ctx))).view ?? null;
}

/**
 * The Summary parts of these panels, every panel's readings sent together in one statement,
 * in the panels' order.
 */
export async function readSummaries(
  panels: readonly CasePanel[],
  ctx: CasePanelContext,
): Promise<{ panel: CasePanel; part: PanelSummaryPart }[]> {
  const withPart = panels.filter((p) => p.summary);
  const readings: Readings = {};
  const names = withPart.map((panel) => {
    const own = panel.summary!.reads(ctx);
    for (const [key, value] of Object.entries(own)) readings[`${panel.id}:${key}`] = value;
    return Object.keys(own);
  });
  const rows = await readTogether(ctx.db, readings);
  return withPart.map((panel, i) => {
    const own = Object.fromEntries(names[i]!.map((key) => [key, rows[`${panel.id}:${key}`]!]));
    return { panel, part: panel.summary!.build(ctx, own) };
  });
}

/**
 * One panel of a section of the case. `visible` says, from the access core's answer alone
 * (`opened.visibility` / `opened.can`, never roles), whether the viewer may see it: it decides
 * which sections the sub-navigation offers without reading any rows. `read` reads its own rows
 * and returns the view model its `template` (a Nunjucks partial, given it as `panel`) renders,
 * or null when the viewer may not see it; it is called on its section's page, unless the
 * section is the Summary and the panel has a `summary` part, whose view is shown instead.
 * `summary` (optional) is its part of the Summary page (rows of the summary list, facts, and
 * a Summary panel's view), read with every other panel's in one statement. Panels are read,
 * and shown, in `order`.
 */
export interface CasePanel<V extends PanelView = PanelView> {
  id: string;
  order: number;
  /** The section of the case workspace it belongs to (issue 13). */
  section: CaseSection;
  template: string;
  visible(opened: OpenedCase): boolean;
  read(ctx: CasePanelContext): Promise<V | null>;
  summary?: SummaryPart<V>;
}

/** One thing that happened to a case, as the MoJ timeline shows it. */
export interface TimelineEvent {
  at: Date;
  title: string;
  by: string | null;
  description: string | null;
}

/**
 * A source of timeline events, saying which compartment its events belong to, so the
 * timeline never shows what the viewer may not see.
 */
export interface TimelineSource {
  compartment: keyof Pick<Visibility, 'police' | 'health' | 'shared'>;
  events(db: Executor, caseId: string): Promise<TimelineEvent[]>;
}

/** What app.ts gives the case page: its panels and the sources of its timeline. */
export interface CasePageRegistry {
  panels: readonly CasePanel[];
  timeline: readonly TimelineSource[];
}
