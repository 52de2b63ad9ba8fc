/**
 * What a change to a record can come to; routes turn each into a page (the form-page helper,
 * src/web/form-page.ts) or a problem+json answer.
 * - done: saved, with what the route needs next;
 * - not_found: not there, or not the viewer's to change (the same answer either way);
 * - stale: changed since the form was opened (the conflict page);
 * - refused: a rule says no, with the reason shown to the user.
 */
export type Change<T> =
  | { kind: 'done'; value: T }
  | { kind: 'not_found' }
  | { kind: 'stale' }
  | { kind: 'refused'; reason: string };

export const done = <T>(value: T): Change<T> => ({ kind: 'done', value });
export const notFound = { kind: 'not_found' } as const;
export const stale = { kind: 'stale' } as const;
export const refused = (reason: string) => ({ kind: 'refused', reason }) as const;
