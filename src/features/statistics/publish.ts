import { formatDateTime } from '../../web/format.ts';
import { CATALOGUE } from './catalogue.ts';
import { ALL_HUBS, Counts, type BuiltTable, type PublishContext } from './cells.ts';
import { Decider, timeSpanOf } from './decisions.ts';
import type { RawStatistics } from './measures.ts';
import type { Period } from './period.ts';
import type { PublishedStatistics, PublishedTable } from './published.ts';
import type { TableSpec } from './table-spec.ts';
import { breakdown, cross, rate, severalPerCase } from './tables-breakdown.ts';
import {
  assessmentHeadlines,
  caseloadBands,
  diversions,
  hubSummary,
  namedCaseload,
  nationalSummary,
  openCases,
} from './tables-summary.ts';

export * from './published.ts';
export { DIVERSION_OUTCOMES, ethnicGroupOf } from './categories.ts';

/**
 * Disclosure control, applied here and only here: raw aggregates in, published tables out,
 * one table of the catalogue (catalogue.ts) at a time.
 *
 * The NHS rule (src/domain/disclosure-control.ts): 0 stays 0, 1–7 shown as `*`, 8+ rounded to
 * the nearest 5, totals from unrounded figures then protected, percentages from the published
 * figures, means/medians/percentiles of fewer than 8 values hidden, and secondary suppression
 * so no hidden figure is recoverable from its row and column totals. A figure that appears in
 * two tables is taken from one published table, never protected twice, so the two agree.
 */

/** One table of the catalogue, published; null when this reader is not shown it. */
export function publishTable(spec: TableSpec, ctx: PublishContext): BuiltTable | null {
  switch (spec.kind) {
    case 'breakdown':
      return breakdown(spec, ctx);
    case 'rate':
      return rate(spec, ctx);
    case 'several-per-case':
      return severalPerCase(spec, ctx);
    case 'cross':
      return cross(spec, ctx);
    case 'hub-summary':
      return hubSummary(spec, ctx);
    case 'national-summary':
      return nationalSummary(spec, ctx);
    case 'open-cases':
      return openCases(spec, ctx);
    case 'named-caseload':
      return namedCaseload(spec, ctx);
    case 'caseload-bands':
      return caseloadBands(spec, ctx);
    case 'assessment-headlines':
      return assessmentHeadlines(spec, ctx);
    case 'diversions':
      return diversions(spec, ctx);
  }
}

/** The totals per hub, then for all hubs, of the cases a cohort counts, over some months. */
function cohortLine(counts: Counts, hubs: { id: string }[]) {
  const keys = {
    outcome: [...counts.keysOf('outcome')],
  };
  const of = (cohort: string, hubId: string, months: readonly string[]) => {
    switch (cohort) {
      case 'received':
        return months.reduce((n, m) => n + counts.get('month', m, hubId, { months: [m] }), 0);
      case 'assessed':
        return counts.get('assessed', 'all', hubId, { months });
      case 'closed':
        return keys.outcome.reduce((n, k) => n + counts.get('outcome', k, hubId, { months }), 0);
      default:
        throw new Error(`no cohort ${cohort}`);
    }
  };
  return (cohort: string, months: readonly string[]) => {
    const line = hubs.map((h) => of(cohort, h.id, months));
    return [...line, line.reduce((a, b) => a + b, 0)];
  };
}

export function publish(input: {
  raw: RawStatistics;
  period: Period;
  /** The hub in view, or null for all hubs (what is hidden is decided over all of them). */
  hubId: string | null;
  asAt: Date;
  generatedAt: Date;
  /** Hub leads see their clinicians by name; analysts only the distribution. */
  namedClinicians: boolean;
}): PublishedStatistics {
  const { raw, period, asAt } = input;
  // As people in the UK read it ("at 1 June 2026 at 10am"): definitions are shown on the page.
  const asAtText = `at ${formatDateTime(asAt)}`;
  const counts = new Counts(raw);
  const hubs = input.hubId === null ? raw.hubs : raw.hubs.filter((h) => h.id === input.hubId);
  const decider = new Decider(timeSpanOf(period), cohortLine(counts, raw.hubs));
  let built = new Map<string, BuiltTable | null>();
  const ctx: PublishContext = {
    raw,
    counts,
    hubs,
    allHubs: raw.hubs,
    decider,
    period,
    asAt,
    namedClinicians: input.namedClinicians,
    tableOf: (id) => {
      const table = build(id);
      if (!table) throw new Error(`statistics table ${id} is not published`);
      return table;
    },
  };
  function build(id: string): BuiltTable | null {
    if (!built.has(id)) {
      const spec = CATALOGUE.find((s) => s.id === id);
      if (!spec) throw new Error(`no statistics table ${id}`);
      built.set(id, publishTable(spec, ctx));
    }
    return built.get(id)!;
  }
  // A table may find that a total its cohort shows must be hidden after all (decisions.ts):
  // then every table is published again from the settled decision.
  for (let pass = 0; ; pass += 1) {
    decider.changed = false;
    built = new Map();
    for (const spec of CATALOGUE) build(spec.id);
    if (!decider.changed) break;
    if (pass > 20) throw new Error('statistics: suppression did not settle');
  }
  const tables: PublishedTable[] = [];
  for (const spec of CATALOGUE) {
    const table = build(spec.id);
    if (table) {
      tables.push({
        ...table.published,
        definition: table.published.definition.replace('{asAt}', asAtText),
      });
    }
  }
  return {
    period,
    scopeLabel: hubs.length === 1 ? hubs[0]!.name : ALL_HUBS,
    hubs,
    asAt,
    generatedAt: input.generatedAt,
    tables,
  };
}
