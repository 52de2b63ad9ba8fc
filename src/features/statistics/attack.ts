/**
 * The attack harness of the statistics tests (attack.test.ts): an analyst who holds every
 * figure published in every view and download for many periods, and knows exactly which
 * requests each figure counts, tries to pin down hidden figures by adding and subtracting
 * shown ones — across rows, columns, tables, views and overlapping periods at once.
 *
 * The model is linear and generous to the attacker: each shown figure is taken as exact (no
 * rounding), and the unknowns are the numbers of requests in each finest class (requests that
 * no published figure tells apart). A hidden figure is pinned down exactly when its class
 * vector is a linear combination of shown figures' vectors; that is decided by elimination
 * modulo a large prime (vectors of 0 and 1, so a spurious answer would need the prime to
 * divide a minor).
 */

/** One published figure: the requests it counts, and whether it is shown. */
export interface Figure {
  /** Where it was published, for the report: "view | period | table | row | column". */
  where: string;
  members: ReadonlySet<string>;
  shown: boolean;
}

export interface Pinned {
  where: string;
  value: number;
}

const PRIME = 67_108_859; // below 2^26: a product of two residues is exact in a double

function inverse(a: number): number {
  let [r0, r1, s0, s1] = [PRIME, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % PRIME) + PRIME) % PRIME;
}

/** A row-reduced basis of vectors over the residues modulo PRIME. */
export class Span {
  private readonly rows: Float64Array[] = [];
  private readonly pivots: number[] = [];
  constructor(private readonly size: number) {}

  get rank(): number {
    return this.rows.length;
  }

  /** What is left of the vector after taking out the basis (zero: it is in the span). */
  private reduce(indices: Iterable<number>): Float64Array {
    const v = new Float64Array(this.size);
    for (const i of indices) v[i] = 1;
    this.rows.forEach((row, k) => {
      const p = this.pivots[k]!;
      const f = v[p]!;
      if (f === 0) return;
      for (let i = p; i < this.size; i += 1) {
        if (row[i] !== 0) v[i] = (((v[i]! - f * row[i]!) % PRIME) + PRIME) % PRIME;
      }
    });
    return v;
  }

  contains(indices: Iterable<number>): boolean {
    return this.reduce(indices).every((x) => x === 0);
  }

  add(indices: Iterable<number>): void {
    const v = this.reduce(indices);
    const p = v.findIndex((x) => x !== 0);
    if (p < 0) return;
    const scale = inverse(v[p]!);
    for (let i = p; i < this.size; i += 1) v[i] = (v[i]! * scale) % PRIME;
    // Keep the basis reduced: clear the new pivot from the rows above it.
    this.rows.forEach((row) => {
      const f = row[p]!;
      if (f === 0) return;
      for (let i = p; i < this.size; i += 1) {
        if (v[i] !== 0) row[i] = (((row[i]! - f * v[i]!) % PRIME) + PRIME) % PRIME;
      }
    });
    // Rows stay in order of their pivots, so reduce() can start each at its pivot.
    const at = this.pivots.findIndex((q) => q > p);
    const k = at < 0 ? this.rows.length : at;
    this.rows.splice(k, 0, v);
    this.pivots.splice(k, 0, p);
  }
}

/**
 * The hidden figures that the shown ones pin down, with their true values. Requests are
 * grouped into classes by the figures they are in; each distinct vector is solved once.
 */
export function attack(figures: readonly Figure[]): { pinned: Pinned[]; classes: number } {
  const signature = new Map<string, number[]>();
  figures.forEach((f, k) => {
    for (const id of f.members) {
      const s = signature.get(id) ?? [];
      s.push(k);
      signature.set(id, s);
    }
  });
  const classOf = new Map<string, number>();
  const classIds = new Map<string, number>();
  for (const [id, s] of signature) {
    const key = s.join(',');
    if (!classIds.has(key)) classIds.set(key, classIds.size);
    classOf.set(id, classIds.get(key)!);
  }
  const vectorOf = (f: Figure) => [...new Set([...f.members].map((id) => classOf.get(id)!))];
  const span = new Span(classIds.size);
  const seen = new Set<string>();
  for (const f of figures) {
    if (!f.shown) continue;
    const v = vectorOf(f).sort((a, b) => a - b);
    const key = v.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    span.add(v);
  }
  const pinned: Pinned[] = [];
  const verdict = new Map<string, boolean>();
  for (const f of figures) {
    if (f.shown || f.members.size === 0) continue;
    const v = vectorOf(f).sort((a, b) => a - b);
    const key = v.join(',');
    if (!verdict.has(key)) verdict.set(key, span.contains(v));
    if (verdict.get(key)) pinned.push({ where: f.where, value: f.members.size });
  }
  return { pinned, classes: classIds.size };
}
