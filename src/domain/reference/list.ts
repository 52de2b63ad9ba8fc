/**
 * Reference lists are data: a stable code (stored, and used in exports and SQL CHECK
 * constraints) and the label people read. Labels may be reworded; codes never change meaning.
 * The helpers live here once, for every list.
 */

export interface ReferenceItem {
  readonly code: string;
  readonly label: string;
}

export type ReferenceList = readonly ReferenceItem[];

/** The union of a list's codes, for typed fields. */
export type CodeOf<L extends ReferenceList> = L[number]['code'];

export const codesOf = <L extends ReferenceList>(list: L): CodeOf<L>[] =>
  list.map((item) => item.code);

export const isCode = <L extends ReferenceList>(list: L, value: unknown): value is CodeOf<L> =>
  typeof value === 'string' && list.some((item) => item.code === value);

/**
 * The label of a stored code. An unknown code means the data and the list disagree (a
 * migration was missed), which is a programming error, so it throws rather than guessing.
 */
export function labelOf<L extends ReferenceList>(list: L, code: CodeOf<L>): string {
  const item = list.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`Unknown reference code "${code}"`);
  return item.label;
}
