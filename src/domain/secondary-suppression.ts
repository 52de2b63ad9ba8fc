/**
 * Secondary suppression for a table published with its totals, so that no hidden figure can
 * be worked out from the figures shown.
 *
 * The table and its totals form an (R+1) × (C+1) grid: the last column holds the row totals,
 * the last row the column totals, the corner the grand total. Every row and every column of
 * that grid is one linear relation (cells add up to the total). Read the grid as a bipartite
 * graph — one node per row, one per column, one edge per entry — and the hidden entries as
 * the unknowns: a hidden entry is uniquely determined by the relations exactly when its edge
 * is a bridge of the graph of hidden entries (it lies on no cycle). A line with exactly one
 * hidden entry — the usual "one suppressed cell in a row" rule — is the simplest such bridge;
 * two hidden 2 × 2 blocks joined by a single hidden cell is one the usual rule misses.
 *
 * So the invariant enforced is: treating every published figure as exact (rounding is extra
 * protection we do not rely on), no hidden entry, cell or total, is determined by the rows and
 * columns. While a hidden entry is a bridge we hide the cheapest path (least total value) of
 * non-zero entries that closes a cycle through it. Zeros are public and never hidden. A path
 * always exists: with signs flipped on the totals every line of the grid sums to zero, and in
 * such a grid a non-zero entry cannot be a bridge among the non-zero entries.
 */

export type Grid = readonly (readonly number[])[];

/** Raised when a hidden entry can only be protected by hiding an entry that must stay shown. */
export class FrozenEntryNeeded extends Error {
  constructor() {
    super('a hidden entry can only be protected by hiding an entry that must stay shown');
  }
}

/**
 * Which entries must also be hidden, given the grid and the entries hidden already. Entries
 * marked `frozen` (and not hidden) are never chosen: another table publishes them, so hiding
 * them here would not hide them; when nothing else can protect a hidden entry,
 * FrozenEntryNeeded is thrown.
 */
export function secondarySuppression(
  values: Grid,
  hidden: readonly (readonly boolean[])[],
  frozen?: readonly (readonly boolean[])[],
) {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const isHidden = hidden.map((row) => [...row]);
  const added = values.map((row) => row.map(() => false));
  // Nodes 0..rows-1 are rows, rows..rows+cols-1 are columns; an entry joins its row and column.
  const entries = values.flatMap((row, i) => row.map((value, j) => ({ i, j, value })));

  for (;;) {
    const bridge = entries.find((e) => isHidden[e.i]![e.j]! && !connectedWithout(e));
    if (!bridge) return added;
    for (const e of cheapestPath(bridge)) {
      if (!isHidden[e.i]![e.j]!) {
        isHidden[e.i]![e.j] = true;
        added[e.i]![e.j] = true;
      }
    }
  }

  type Entry = (typeof entries)[number];

  /** Whether the row and column of `skip` are joined by other hidden entries. */
  function connectedWithout(skip: Entry): boolean {
    const seen = new Set<number>([skip.i]);
    const stack = [skip.i];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const e of entries) {
        if (e === skip || !isHidden[e.i]![e.j]!) continue;
        const [a, b] = [e.i, rows + e.j];
        const other = node === a ? b : node === b ? a : undefined;
        if (other === undefined || seen.has(other)) continue;
        if (other === rows + skip.j) return true;
        seen.add(other);
        stack.push(other);
      }
    }
    return false;
  }

  /**
   * Dijkstra from the bridge's row to its column over non-zero entries other than the bridge.
   * Hidden entries cost nothing; others cost their value, then one step each as a tie-break.
   */
  function cheapestPath(bridge: Entry): Entry[] {
    const nodes = rows + cols;
    const cost = Array.from({ length: nodes }, () => [Infinity, Infinity] as [number, number]);
    const via: (Entry | undefined)[] = new Array<Entry | undefined>(nodes).fill(undefined);
    const done = new Array<boolean>(nodes).fill(false);
    cost[bridge.i] = [0, 0];
    const less = (a: [number, number], b: [number, number]) =>
      a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    for (;;) {
      let node = -1;
      for (let n = 0; n < nodes; n += 1) {
        if (!done[n] && cost[n]![0] < Infinity && (node < 0 || less(cost[n]!, cost[node]!))) {
          node = n;
        }
      }
      if (node < 0) {
        if (frozen) throw new FrozenEntryNeeded();
        throw new Error('unreachable: a non-zero entry is never a bridge');
      }
      if (node === rows + bridge.j) break;
      done[node] = true;
      for (const e of entries) {
        if (e === bridge || e.value === 0) continue;
        if (frozen?.[e.i]?.[e.j] && !isHidden[e.i]![e.j]!) continue;
        const [a, b] = [e.i, rows + e.j];
        const other = node === a ? b : node === b ? a : undefined;
        if (other === undefined || done[other]) continue;
        const step: [number, number] = isHidden[e.i]![e.j]! ? [0, 0] : [e.value, 1];
        const next: [number, number] = [cost[node]![0] + step[0], cost[node]![1] + step[1]];
        if (less(next, cost[other]!)) {
          cost[other] = next;
          via[other] = e;
        }
      }
    }
    const path: Entry[] = [];
    for (let node = rows + bridge.j; node !== bridge.i;) {
      const e = via[node]!;
      path.push(e);
      node = node === e.i ? rows + e.j : e.i;
    }
    return path;
  }
}
