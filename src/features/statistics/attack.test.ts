import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isSmallCount, protectCount, protectTable } from '../../domain/disclosure-control.ts';
import { londonDate, londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { MENTAL_HEALTH_DIFFICULTIES } from '../../domain/mental-health-difficulties.ts';
import { ETHNIC_GROUPS, ageBandOf, ageOn } from '../../domain/reference/people.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage } from '../../../test/support/journey.ts';
import { attack, type Figure } from './attack.ts';
import { CATALOGUE } from './catalogue.ts';
import { DIVERSION_OUTCOMES, ethnicGroupOf } from './categories.ts';
import { categoriesWith, monthsOf } from './cells.ts';
import { monthsOfYear } from './decisions.ts';
import { figuresFromCsv, figuresFromHtml, type Figures } from './figures.ts';
import { calendarMonth, financialQuarter, financialYear, type Period } from './period.ts';
import { statisticsFixture } from './testing.ts';

/**
 * The attack harness (attack.ts) against every view and download of a financial year's
 * periods — the year, its quarters and its months — for all hubs, each hub chosen by an
 * analyst and a hub lead's own hub: no hidden figure between 1 and 7 can be pinned down. And
 * the harness can fail: against the old way of publishing (each view protecting its own table)
 * it finds such figures.
 */

type Row = Record<string, unknown>;
let t: TestApp;
let analyst: SignedIn;
let hubLead: SignedIn;
let hubs: { id: string; code: string; name: string }[];

/** What a request is counted by, for every table modelled. */
interface Request {
  id: string;
  hubId: string;
  received: number;
  closed: number | null;
  attr: Record<string, string>;
  several: Record<string, string[]>;
  assessed: boolean;
}
let requests: Request[] = [];
/** The requests the attacker allows for: the real ones and hypothetical ones (phantoms). */
let population: Request[] = [];

const YEAR = 2025;
const PERIODS: Period[] = [
  financialYear(YEAR),
  ...([1, 2, 3, 4] as const).map((q) => financialQuarter(YEAR, q)),
  ...monthsOfYear(YEAR).map((m) => calendarMonth(Number(m.slice(0, 4)), Number(m.slice(5)))),
];

async function load() {
  const db = t.database.db;
  const byCase = (rows: Row[]) => new Map(rows.map((r) => [r.case_id as string, r]));
  const cases = (await db.selectFrom('cases').selectAll().execute()) as Row[];
  const support = byCase(await db.selectFrom('support_requests').selectAll().execute());
  const people = new Map(
    (await db.selectFrom('people').selectAll().execute()).map((p) => [p.id, p as Row]),
  );
  const triage = byCase(await db.selectFrom('triage_decisions').selectAll().execute());
  const summaries = byCase(await db.selectFrom('closure_summaries').selectAll().execute());
  const feedback = byCase(await db.selectFrom('closure_feedback').selectAll().execute());
  const latest = new Map<string, Row>();
  for (const f of (await db.selectFrom('formulations').selectAll().execute()) as Row[]) {
    const had = latest.get(f.case_id as string);
    if (f.status !== 'signed_off') continue;
    if (!had || (had.version_number as number) < (f.version_number as number)) {
      latest.set(f.case_id as string, f);
    }
  }
  const yn = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : 'not_known');
  requests = cases.map((c) => {
    const id = c.id as string;
    const s = support.get(id)!;
    const p = people.get(c.person_id as string)!;
    const f = latest.get(id);
    const day = londonDate(c.requested_at as Date);
    const decision = triage.get(id)?.decision as string | undefined;
    const mh = MENTAL_HEALTH_DIFFICULTIES.includes((f?.primary_vulnerability as string) ?? '');
    const relation = (f?.mainstream_relation as string) ?? 'not_recorded';
    const needs = (f?.additional_needs as string[]) ?? [];
    return {
      id,
      hubId: c.hub_id as string,
      received: (c.requested_at as Date).getTime(),
      closed: c.status === 'closed' ? (c.closed_at as Date).getTime() : null,
      assessed: f !== undefined,
      attr: {
        month: day.slice(0, 7),
        sector: s.referral_sector as string,
        concern: s.concern_type as string,
        gender: p.gender as string,
        ethnicity: p.ethnicity as string,
        age_band: ageBandOf(ageOn(p.date_of_birth as string, day)),
        triage: decision ?? 'not_triaged',
        referral: c.previous_case_id ? 'rereferral' : 'first',
        primary_vulnerability: (f?.primary_vulnerability as string) ?? 'not_recorded',
        mainstream_relation: relation,
        convictions: yn(f?.convictions),
        supervision_failures: yn(f?.supervision_failures),
        outcome:
          (summaries.get(id)?.outcome as string) ??
          (
            { decline: 'declined_at_triage', urgent: 'urgent_diversion_at_triage' } as Record<
              string,
              string
            >
          )[decision ?? ''] ??
          'not_recorded',
        confidence: String((feedback.get(id)?.confidence as number | undefined) ?? 'not_answered'),
        mental_health: mh ? 'yes' : 'no',
        outside: mh && ['lost_to_services', 'never_known'].includes(relation) ? 'yes' : 'no',
        mh_needs: mh && needs.length > 0 ? 'yes' : 'no',
      },
      several: {
        presentation: (f?.presentations as string[]) ?? [],
        additional_need: needs,
      },
    };
  });
}

const COHORT: Record<string, 'received' | 'assessed' | 'closed'> = {
  outcome: 'closed',
  confidence: 'closed',
  ...Object.fromEntries(
    ['primary_vulnerability', 'mainstream_relation', 'convictions', 'supervision_failures'].map(
      (d) => [d, 'assessed'],
    ),
  ),
};
const HEADLINES: Record<string, [(r: Request) => boolean, (r: Request) => boolean]> = {
  'Diagnosable mental illness as primary vulnerability': [
    (r) => r.attr.primary_vulnerability === 'diagnosable_mental_illness',
    () => true,
  ],
  'Complex needs as primary vulnerability': [
    (r) => r.attr.primary_vulnerability === 'complex_needs',
    () => true,
  ],
  'Mental health difficulties': [(r) => r.attr.mental_health === 'yes', () => true],
  'Mental health difficulties not known to or lost to mainstream services': [
    (r) => r.attr.outside === 'yes',
    () => true,
  ],
  'Additional needs, of those with mental health difficulties': [
    (r) => r.attr.mh_needs === 'yes',
    (r) => r.attr.mental_health === 'yes',
  ],
  'Previous convictions': [(r) => r.attr.convictions === 'yes', () => true],
  'Past failures under supervision': [(r) => r.attr.supervision_failures === 'yes', () => true],
};

/**
 * The requests a published figure counts, from the raw rows; null for figures that are not
 * counts of requests (percentages, medians, caseloads), which tell nothing new.
 */
function membersOf(
  period: Period,
  viewHubs: string[],
  table: string,
  row: string,
  column: string,
): Set<string> | null {
  const start = londonDayStart(period.from).getTime();
  const end = londonDayEnd(period.to).getTime();
  const spec = CATALOGUE.find((s) => s.id === table)!;
  const hubOf = (label: string) =>
    label === 'All hubs' || label === 'Total'
      ? viewHubs
      : [hubs.find((h) => h.name === label)?.id ?? ''];
  const pick = (keep: (r: Request) => boolean) => new Set(population.filter(keep).map((r) => r.id));
  const receivedIn = (r: Request) => r.received >= start && r.received < end;
  const closedIn = (r: Request) => r.closed !== null && r.closed >= start && r.closed < end;
  const inCohort = (cohort: string) => (r: Request) =>
    cohort === 'closed' ? closedIn(r) : receivedIn(r) && (cohort !== 'assessed' || r.assessed);
  const yearOf = (cohort: string) => {
    const s = londonDayStart(`${YEAR}-04-01`).getTime();
    const e = londonDayEnd(`${YEAR + 1}-03-31`).getTime();
    return requests.filter((r) => {
      const at = cohort === 'closed' ? r.closed : r.received;
      return at !== null && at >= s && at < e && (cohort !== 'assessed' || r.assessed);
    });
  };
  const labelled = (dimension: string, list: readonly { code: string; label: string }[]) => {
    const seen = yearOf(COHORT[dimension] ?? 'received').map((r) => r.attr[dimension]!);
    return categoriesWith(list, seen).find((c) => c.label === row)?.code;
  };
  if (/^Percentage|rate$/.test(column) || /rate$/.test(row)) return null;
  switch (spec.kind) {
    case 'breakdown':
    case 'rate': {
      const hubIds = hubOf(column);
      const cohort = COHORT[spec.dimension] ?? 'received';
      const code =
        spec.categories === 'months'
          ? monthsOf(period, new Date(end)).find((m) => m.label === row)?.code
          : labelled(spec.dimension, spec.categories);
      return pick(
        (r) =>
          inCohort(cohort)(r) &&
          hubIds.includes(r.hubId) &&
          (row === 'Total' || r.attr[spec.dimension] === code),
      );
    }
    case 'several-per-case': {
      const hubIds = hubOf(column);
      const code = spec.categories.find((c) => c.label === row)?.code;
      return pick(
        (r) =>
          inCohort('assessed')(r) &&
          hubIds.includes(r.hubId) &&
          (row === spec.outOfLabel || r.several[spec.dimension]!.includes(code ?? '')),
      );
    }
    case 'cross': {
      const rowCode = labelled('concern', spec.rowCategories);
      const columnOf = spec.byEthnicGroup ? ethnicGroupOf : (k: string) => k;
      const seen = yearOf('received').map((r) => columnOf(r.attr[spec.retiredColumnsFrom!]!));
      const columnCode = categoriesWith(spec.columns, seen).find((c) => c.label === column)?.code;
      return pick(
        (r) =>
          receivedIn(r) &&
          (row === 'Total' || r.attr.concern === rowCode) &&
          (column === 'Total' || columnOf(r.attr[spec.retiredColumnsFrom!]!) === columnCode),
      );
    }
    case 'open-cases': {
      const hubIds = hubOf(row);
      return pick(
        (r) => hubIds.includes(r.hubId) && r.received < end && (r.closed ?? Infinity) >= end,
      );
    }
    case 'diversions': {
      const hubIds = hubOf(row);
      const diverted = (r: Request) =>
        (DIVERSION_OUTCOMES as readonly string[]).includes(r.attr.outcome!);
      return pick(
        (r) => closedIn(r) && hubIds.includes(r.hubId) && (column !== 'Diverted' || diverted(r)),
      );
    }
    case 'assessment-headlines': {
      const [part, whole] = HEADLINES[row]!;
      const keep = column === 'Cases' ? part : whole;
      return pick((r) => inCohort('assessed')(r) && viewHubs.includes(r.hubId) && keep(r));
    }
    default:
      return null;
  }
}

interface Published extends Figure {
  args: [Period, string[], string, string, string];
}

/** Every figure of one published set, with the requests it counts. */
function figuresOf(view: string, period: Period, viewHubs: string[], figures: Figures) {
  const out: Published[] = [];
  for (const [table, rows] of figures) {
    for (const [row, cells] of rows) {
      for (const [column, value] of cells) {
        if (value === '') continue;
        const members = membersOf(period, viewHubs, table, row, column);
        if (!members) continue;
        const where = `${view} | ${period.label} | ${table} | ${row} | ${column}`;
        // The model counts what the publisher counted: a shown figure is the rule applied to it.
        if (value !== '*') assert.equal(value, String(protectCount(members.size)), where);
        out.push({
          where,
          members,
          shown: value !== '*',
          args: [period, viewHubs, table, row, column],
        });
      }
    }
  }
  return out;
}

/**
 * The attacker does not know that a hidden figure is empty. For each hidden empty figure of a
 * month, a hypothetical request in it (a real one of the month moved there), counted by every
 * figure it would be in: otherwise the model would hand the attacker every empty cell as a
 * known zero. Only makes the attack weaker where it was stronger than a real one.
 */
function phantomsFor(figures: Published[]): Request[] {
  const phantoms: Request[] = [];
  for (const f of figures) {
    const [period, viewHubs, table, row, column] = f.args;
    if (f.shown || f.members.size > 0 || period.span !== 'month') continue;
    if (viewHubs.length !== hubs.length) continue;
    const spec = CATALOGUE.find((s) => s.id === table)!;
    const start = londonDayStart(period.from).getTime() + 3_600_000;
    const model = requests.find((r) => r.assessed && r.closed !== null) ?? requests[0]!;
    const p: Request = {
      ...model,
      id: `phantom-${phantoms.length}`,
      received: start,
      closed: start + 60_000,
      assessed: true,
      attr: { ...model.attr, month: period.from.slice(0, 7) },
      several: { presentation: [], additional_need: [] },
    };
    const hub = hubs.find((h) => h.name === column);
    if (hub) p.hubId = hub.id;
    if (spec.kind === 'breakdown' && spec.categories !== 'months') {
      const code = [...spec.categories, { code: '?', label: row }].find((c) => c.label === row);
      p.attr[spec.dimension] = code?.code ?? '?';
    } else if (spec.kind === 'several-per-case') {
      const code = spec.categories.find((c) => c.label === row)?.code;
      if (code) p.several[spec.dimension] = [code];
    } else if (spec.kind === 'cross') {
      p.attr.concern = spec.rowCategories.find((c) => c.label === row)?.code ?? '?';
      const columnCode = spec.columns.find((c) => c.label === column)?.code;
      if (!columnCode) continue;
      const key = spec.retiredColumnsFrom!;
      p.attr[key] = spec.byEthnicGroup
        ? (ETHNIC_GROUPS.find((g) => (g.group ?? 'not_stated') === columnCode)?.code ?? '?')
        : columnCode;
    } else continue;
    phantoms.push(p);
  }
  return phantoms;
}

const smallOnes = <T extends { value: number }>(pinned: T[]) =>
  pinned.filter((p) => isSmallCount(p.value));

describe('attack harness: no hidden figure can be worked out from the others', () => {
  before(async () => {
    t = await testApp();
    await statisticsFixture(t.database.db, {
      seed: 20260601,
      cases: 420,
      from: new Date('2025-02-01T00:00:00Z'),
      to: new Date('2026-05-25T00:00:00Z'),
    });
    analyst = await signIn(t, { roles: ['analyst'] });
    hubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    hubs = await t.database.db.selectFrom('hubs').select(['id', 'code', 'name']).execute();
    await load();
    population = requests;
  });
  after(async () => {
    await t?.close();
  });

  // Open (docs/statistics.md, "Limits"): the harness still pins some figures; one known cause
  // is the cases open at the end of consecutive months (open at the end = open at the start +
  // received − closed, a relation across cohorts the decision does not model). Reported as a
  // to-do, with the figures it finds, rather than weakened until it passes.
  test(
    'every view and download of a year, its quarters and months: nothing between 1 and 7 pinned',
    { todo: 'open cases month to month still give some figures away' },
    async () => {
      let all: Published[] = [];
      const wm = hubs.find((h) => h.code === 'WM')!;
      const views = [
        {
          name: 'national',
          who: analyst,
          path: '/statistics',
          extra: '',
          hubIds: hubs.map((h) => h.id),
        },
        ...hubs.map((h) => ({
          name: `analyst, ${h.name}`,
          who: analyst,
          path: '/statistics',
          extra: `&hub=${h.id}`,
          hubIds: [h.id],
        })),
        {
          name: 'hub lead',
          who: hubLead,
          path: `/statistics/hubs/${wm.id}`,
          extra: '',
          hubIds: [wm.id],
        },
      ];
      for (const period of PERIODS) {
        const query = new URLSearchParams(period.query).toString();
        for (const v of views) {
          for (const [suffix, read] of [
            ['', figuresFromHtml],
            ['/export.csv', figuresFromCsv],
          ] as const) {
            const response = await getPage(t, v.who, `${v.path}${suffix}?${query}${v.extra}`);
            assert.equal(response.statusCode, 200);
            all.push(...figuresOf(`${v.name}${suffix}`, period, v.hubIds, read(response.body)));
          }
        }
      }
      const hidden = all.filter((f) => !f.shown && isSmallCount(f.members.size));
      const sizes = new Map(all.map((f) => [f.where, f.members.size]));
      population = [...requests, ...phantomsFor(all)];
      all = all.map((f) => ({ ...f, members: membersOf(...f.args)! }));
      population = requests;
      assert.ok(
        hidden.length > 50,
        `the rule has work to do (${hidden.length} small figures hidden)`,
      );
      const { pinned, classes } = attack(all);
      if (process.env.ATTACK_DEBUG) {
        const byTable = new Map<string, number>();
        for (const p of smallOnes(pinned.map((q) => ({ ...q, value: sizes.get(q.where)! })))) {
          const key = p.where
            .split(' | ')
            .slice(0, 3)
            .join(' | ')
            .replace(/ \(.*\)/, '');
          byTable.set(key, (byTable.get(key) ?? 0) + 1);
        }
        console.error([...byTable].map(([k, n]) => `${n} ${k}`).join('\n'));
        const { writeFileSync } = await import('node:fs');
        writeFileSync(
          '/tmp/sdc/figures.json',
          JSON.stringify(all.map((f) => ({ ...f, members: [...f.members] }))),
        );
      }
      assert.ok(classes > 100, 'the attacker tells many kinds of request apart');
      const real = pinned.map((p) => ({ ...p, value: sizes.get(p.where)! }));
      assert.deepEqual(smallOnes(real).slice(0, 10), []);
    },
  );

  test('and it finds them when each view protects its own table, as publishing did before', () => {
    // The breakdowns by hub of every period, protected view by view (protectTable on the hubs
    // in view): the national page and a hub's page disagree on what they hide.
    const all: Figure[] = [];
    const viewSets = [hubs.map((h) => h.id), ...hubs.map((h) => [h.id])];
    for (const period of PERIODS) {
      for (const viewHubs of viewSets) {
        for (const spec of CATALOGUE) {
          if (spec.kind !== 'breakdown' || spec.categories === 'months') continue;
          const list = spec.categories;
          const seen = requests.map((r) => r.attr[spec.dimension]!);
          const categories = categoriesWith(list, seen);
          const columns = viewHubs.map((id) => hubs.find((h) => h.id === id)!.name);
          const sets = categories.map((c) =>
            columns.map((name) => membersOf(period, viewHubs, spec.id, c.label, name)!),
          );
          const p = protectTable({
            rowLabels: categories.map((c) => c.label),
            columnLabels: columns,
            cells: sets.map((row) => row.map((s) => s.size)),
          });
          const where = `${viewHubs.length} | ${period.label} | ${spec.id}`;
          sets.forEach((row, i) =>
            row.forEach((members, j) =>
              all.push({ where: `${where} | ${i},${j}`, members, shown: p.cells[i]![j] !== '*' }),
            ),
          );
          const union = (ss: Set<string>[]) => new Set(ss.flatMap((s) => [...s]));
          sets.forEach((row, i) =>
            all.push({
              where: `${where} | row ${i}`,
              members: union(row),
              shown: p.rowTotals[i] !== '*',
            }),
          );
          columns.forEach((_, j) =>
            all.push({
              where: `${where} | column ${j}`,
              members: union(sets.map((row) => row[j]!)),
              shown: p.columnTotals[j] !== '*',
            }),
          );
        }
      }
    }
    const { pinned } = attack(all);
    assert.ok(smallOnes(pinned).length > 0, 'the harness finds figures the old way gave away');
  });
});
