import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  SUPPRESSED,
  percentile,
  protectCount,
  protectMean,
  protectMedian,
  protectPercentile,
  protectShare,
  protectStatistic,
  protectTable,
  roundToFive,
  shareFromPublished,
  type ProtectedTable,
  type Published,
} from './disclosure-control.ts';
import { secondarySuppression } from './secondary-suppression.ts';

test('counts: 0 stays 0, 1–7 hidden, 8 and above to the nearest 5', () => {
  const expected: [number, Published][] = [
    [0, 0],
    [1, '*'],
    [7, '*'],
    [8, 10],
    [9, 10],
    [10, 10],
    [12, 10],
    [13, 15],
    [17, 15],
    [18, 20],
    [1002, 1000],
    [1003, 1005],
  ];
  for (const [n, shown] of expected) assert.equal(protectCount(n), shown, String(n));
  for (const bad of [-1, 1.5, NaN, Infinity]) assert.throws(() => protectCount(bad), RangeError);
});

test('property: a shown count is 0 or a multiple of 5 within 2 of the true count', () => {
  fc.assert(
    fc.property(fc.nat(1_000_000), (n) => {
      const shown = protectCount(n);
      if (n >= 1 && n <= 7) return shown === SUPPRESSED;
      return typeof shown === 'number' && shown % 5 === 0 && Math.abs(shown - n) <= 2;
    }),
  );
});

test('shares come from the rounded figures and are hidden when either figure is', () => {
  assert.equal(protectShare(12, 48), (100 * 10) / 50); // not 25%: 12 → 10, 48 → 50
  assert.equal(protectShare(5, 48), '*');
  assert.equal(protectShare(0, 5), '*');
  assert.equal(protectShare(0, 40), 0);
  assert.equal(protectShare(0, 0), null);
  assert.equal(shareFromPublished(10, '*'), '*');
  assert.throws(() => protectShare(5, 4), RangeError);
});

test('property: a shown share equals the share of the two shown figures', () => {
  fc.assert(
    fc.property(fc.nat(5000), fc.nat(5000), (a, b) => {
      const [numerator, denominator] = a <= b ? [a, b] : [b, a];
      const share = protectShare(numerator, denominator);
      const top = protectCount(numerator);
      const bottom = protectCount(denominator);
      if (top === '*' || bottom === '*') return share === '*';
      if (bottom === 0) return share === null;
      return share === (100 * top) / bottom && share >= 0 && share <= 100;
    }),
  );
});

test('percentile interpolates between closest ranks', () => {
  assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
  assert.equal(percentile([4, 1, 3, 2], 0), 1);
  assert.equal(percentile([4, 1, 3, 2], 100), 4);
  assert.equal(percentile([10, 20, 30, 40, 50], 90), 46);
  assert.equal(percentile([7], 37), 7);
  assert.throws(() => percentile([], 50), RangeError);
  assert.throws(() => percentile([1], 101), RangeError);
  assert.throws(() => percentile([1, NaN], 50), RangeError);
});

test('a mean, median or percentile of fewer than 8 values is hidden', () => {
  const seven = [1, 2, 3, 4, 5, 6, 7];
  const eight = [...seven, 8];
  assert.equal(protectMean(seven), '*');
  assert.equal(protectMedian(seven), '*');
  assert.equal(protectPercentile(seven, 90), '*');
  assert.equal(protectMean([]), '*');
  assert.equal(protectMean(eight), 4.5);
  assert.equal(protectMedian(eight), 4.5);
  assert.equal(protectPercentile(eight, 100), 8);
});

const table = (cells: number[][]) =>
  protectTable({
    rowLabels: cells.map((_, i) => `row ${i}`),
    columnLabels: (cells[0] ?? []).map((_, j) => `column ${j}`),
    cells,
  });

test('a single small cell is protected by the cheapest rectangle of other cells', () => {
  const t = table([
    [3, 20, 40],
    [30, 10, 50],
    [60, 70, 80],
  ]);
  assert.deepEqual(t.cells, [
    ['*', '*', 40],
    ['*', '*', 50],
    [60, 70, 80],
  ]);
  assert.deepEqual(t.cellSuppression[0], ['primary', 'secondary', 'none']);
  assert.deepEqual(t.cellSuppression[1], ['secondary', 'secondary', 'none']);
  assert.deepEqual(t.rowTotals, [65, 90, 210]); // 63, 90, 210 unrounded
  assert.deepEqual(t.columnTotals, [95, 100, 170]); // 93, 100, 170
  assert.equal(t.grandTotal, 365); // 363
  assert.equal(t.grandTotalSuppression, 'none');
});

test('a table of one row hides a column total too, as its row total is the grand total', () => {
  const t = table([[3, 10]]);
  assert.deepEqual(t.cells, [['*', '*']]);
  assert.deepEqual(t.columnTotals, ['*', '*']);
  assert.deepEqual(t.columnTotalSuppression, ['primary', 'secondary']);
  assert.deepEqual(t.rowTotals, [15]);
  assert.equal(t.grandTotal, 15);
});

test('a hidden cell alone in its column with zeros is protected through the totals', () => {
  const t = table([
    [3, 40],
    [0, 0],
  ]);
  assert.equal(t.cells[1]![0], 0); // zeros are public
  assert.equal(t.cells[1]![1], 0);
  assertInvariants(
    [
      [3, 40],
      [0, 0],
    ],
    t,
  );
});

test('all-zero, empty and small tables', () => {
  const zeros = table([
    [0, 0],
    [0, 0],
  ]);
  assert.deepEqual(zeros.cells, [
    [0, 0],
    [0, 0],
  ]);
  assert.equal(zeros.grandTotal, 0);
  const tiny = table([[2]]);
  assert.deepEqual(
    [tiny.cells, tiny.rowTotals, tiny.columnTotals, tiny.grandTotal],
    [[['*']], ['*'], ['*'], '*'],
  );
  const none = protectTable({ rowLabels: [], columnLabels: ['a'], cells: [] });
  assert.deepEqual([none.columnTotals, none.grandTotal], [[0], 0]);
  assert.throws(() => protectTable({ rowLabels: ['a'], columnLabels: ['b'], cells: [[1, 2]] }));
  assert.throws(() => protectTable({ rowLabels: ['a', 'b'], columnLabels: ['c'], cells: [[1]] }));
  assert.throws(() => table([[-1]]), RangeError);
});

test('secondary suppression breaks a bridge that "one per line" alone would miss', () => {
  // Two hidden 2 × 2 blocks joined by one hidden cell: every line has two or more hidden
  // entries, yet the joining cell is determined by the lines on either side of it.
  const values = [
    [10, 10, 0, 0, 20],
    [10, 10, 10, 0, 30],
    [0, 0, 10, 10, 20],
    [0, 0, 10, 10, 20],
    [20, 20, 30, 20, 90],
  ];
  const hidden = values.map((row) => row.map(() => false));
  for (const [i, j] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [1, 2],
    [2, 2],
    [2, 3],
    [3, 2],
    [3, 3],
  ] as const) {
    hidden[i]![j] = true;
  }
  assert.equal(determinedEntries(values, hidden).length, 1); // the joining cell (1, 2)
  const added = secondarySuppression(values, hidden);
  const after = hidden.map((row, i) => row.map((h, j) => h || added[i]![j]!));
  assert.ok(added.flat().some(Boolean));
  assert.deepEqual(determinedEntries(values, after), []);
});

// ---- invariants, checked on random tables ----------------------------------------------

/**
 * Entries of the grid (cells + totals as last column/row) that the row and column relations
 * determine, given which are hidden. Independent of the implementation: linear algebra, not
 * graphs. An unknown is determined iff its unit vector lies in the row space of the relations
 * restricted to the unknowns. The relation matrix is totally unimodular (up to signs of lines),
 * so ranks modulo a prime equal ranks over the rationals.
 */
function determinedEntries(grid: number[][], hidden: boolean[][]): [number, number][] {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const unknowns: [number, number][] = [];
  hidden.forEach((row, i) => row.forEach((h, j) => h && unknowns.push([i, j])));
  const relations: number[][] = [];
  for (let i = 0; i <= R; i += 1) {
    relations.push(unknowns.map(([a, b]) => (a !== i ? 0 : b === C ? -1 : 1)));
  }
  for (let j = 0; j <= C; j += 1) {
    relations.push(unknowns.map(([a, b]) => (b !== j ? 0 : a === R ? -1 : 1)));
  }
  const base = rankModP(relations);
  return unknowns.filter(
    (_, k) => rankModP([...relations, unknowns.map((__, m) => (m === k ? 1 : 0))]) === base,
  );
}

function rankModP(matrix: number[][]): number {
  const P = 1_000_003;
  const m = matrix.map((row) => row.map((x) => ((x % P) + P) % P));
  const inverse = (a: number) => {
    let [result, base, e] = [1, a, P - 2];
    while (e > 0) {
      if (e & 1) result = (result * base) % P;
      base = (base * base) % P;
      e = Math.floor(e / 2);
    }
    return result;
  };
  let rank = 0;
  const width = m[0]?.length ?? 0;
  for (let col = 0; col < width && rank < m.length; col += 1) {
    const pivot = m.findIndex((row, r) => r >= rank && row[col] !== 0);
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot]!, m[rank]!];
    const inv = inverse(m[rank]![col]!);
    for (let r = 0; r < m.length; r += 1) {
      if (r === rank || m[r]![col] === 0) continue;
      const factor = (m[r]![col]! * inv) % P;
      m[r] = m[r]!.map((x, c) => (((x - factor * m[rank]![c]!) % P) + P) % P);
    }
    rank += 1;
  }
  return rank;
}

/** The published table as a grid, with which entries are hidden and their true values. */
function asGrid(cells: number[][], t: ProtectedTable) {
  const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
  const columns = t.columnLabels.map((_, j) => sum(cells.map((row) => row[j]!)));
  const values = [...cells.map((row) => [...row, sum(row)]), [...columns, sum(columns)]];
  const published = [
    ...t.cells.map((row, i) => [...row, t.rowTotals[i]!]),
    [...t.columnTotals, t.grandTotal],
  ];
  const why = [
    ...t.cellSuppression.map((row, i) => [...row, t.rowTotalSuppression[i]!]),
    [...t.columnTotalSuppression, t.grandTotalSuppression],
  ];
  return { values, published, why };
}

function assertInvariants(cells: number[][], t: ProtectedTable): void {
  const { values, published, why } = asGrid(cells, t);
  values.forEach((row, i) =>
    row.forEach((n, j) => {
      const shown = published[i]![j]!;
      // Primary exactly for 1–7; zeros never hidden; shown figures are the true ones rounded
      // (totals from the unrounded cells), so every shown figure is 0 or a multiple of 5.
      assert.equal(why[i]![j] === 'primary', n >= 1 && n <= 7);
      assert.equal(shown === '*', why[i]![j] !== 'none');
      if (n === 0) assert.equal(shown, 0);
      if (shown !== '*') assert.equal(shown, roundToFive(n));
      if (shown !== '*') assert.equal(shown % 5, 0);
    }),
  );
  const hidden = why.map((row) => row.map((w) => w !== 'none'));
  // The usual rule: no row or column of the grid has exactly one hidden entry ...
  for (const line of [...hidden, ...hidden[0]!.map((_, j) => hidden.map((row) => row[j]!))]) {
    assert.notEqual(line.filter(Boolean).length, 1);
  }
  // ... and the exact one: no hidden entry is determined by the others, read as exact.
  assert.deepEqual(determinedEntries(values, hidden), []);
}

const count = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 7 }) },
  { weight: 4, arbitrary: fc.integer({ min: 8, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 61, max: 2000 }) },
);
const cellsArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .chain(([rows, cols]) =>
    fc.array(fc.array(count, { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

test('property: random tables keep every invariant of the rule', () => {
  fc.assert(
    fc.property(cellsArbitrary, (cells) => {
      assertInvariants(cells, table(cells));
    }),
    { numRuns: 300 },
  );
});

test('property: protecting is deterministic and shares use the published figures', () => {
  fc.assert(
    fc.property(cellsArbitrary, (cells) => {
      const t = table(cells);
      assert.deepEqual(table(cells), t);
      t.cells.forEach((row, i) =>
        row.forEach((shown, j) => {
          const share = shareFromPublished(shown, t.rowTotals[i]!);
          if (shown === '*' || t.rowTotals[i] === '*') assert.equal(share, '*');
          else if (t.rowTotals[i] === 0) assert.equal(share, null);
          else assert.equal(share, (100 * shown) / (t.rowTotals[i] as number), `${i} ${j}`);
        }),
      );
    }),
    { numRuns: 100 },
  );
});

test('property: a statistic computed elsewhere is published exactly as protectPercentile would', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 20 }),
      fc.integer({ min: 0, max: 100 }),
      (values, p) => {
        const computed = values.length ? percentile(values, p) : null;
        const published = protectStatistic(computed, values.length);
        if (values.length === 0) assert.equal(published, null);
        else assert.equal(published, protectPercentile(values, p));
      },
    ),
  );
  assert.equal(protectStatistic(2.5, 7), SUPPRESSED);
  assert.equal(protectStatistic(2.5, 8), 2.5);
  assert.throws(() => protectStatistic(null, 3), RangeError);
  assert.throws(() => protectStatistic(1, -1), RangeError);
});
