import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isUuid } from '../../web/ids.ts';
import { casesOfRecords } from './case-records.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * What the IG officer's pages need to name the records of some audit rows in words, never by
 * id: the case (reference) each record belongs to, and the names of users and hubs.
 */
export interface RecordNames {
  /** record id (or case id) → its case's id and reference */
  cases: ReadonlyMap<string, { caseId: string; reference: string }>;
  /** person id → the reference of their latest case */
  people: ReadonlyMap<string, string>;
  /** user id (people and API clients) → name */
  users: ReadonlyMap<string, string>;
  /** hub id → name */
  hubs: ReadonlyMap<string, string>;
}

export const NO_NAMES: RecordNames = {
  cases: new Map(),
  people: new Map(),
  users: new Map(),
  hubs: new Map(),
};

/** The record a row is about, as `type` and `id` (an access-log read names `type:id`). */
export interface NamedRecord {
  subjectType: string;
  subjectId: string | null;
  detail: Record<string, unknown>;
}

/** The subjects of an audit-log read ("case:<id>") are records too. */
export function innerRecord(subjectId: string): { subjectType: string; subjectId: string } | null {
  const at = subjectId.indexOf(':');
  if (at < 1) return null;
  return { subjectType: subjectId.slice(0, at), subjectId: subjectId.slice(at + 1) };
}

/** Looks up, in one go, the names of every record these rows are about. */
export async function namesOf(db: Executor, records: readonly NamedRecord[]): Promise<RecordNames> {
  const ids = new Set<string>();
  const add = (value: unknown) => {
    if (isUuid(value)) ids.add(value.toLowerCase());
  };
  for (const record of records) {
    const inner = record.subjectId && innerRecord(record.subjectId);
    add(inner ? inner.subjectId : record.subjectId);
    add(record.detail.caseId);
  }
  const wanted = [...ids];
  if (wanted.length === 0) return NO_NAMES;
  // One after another: inside a transaction the queries share one connection.
  const cases = await casesOfRecords(db, wanted);
  const people = await db
    .selectFrom('cases')
    .select(['person_id', 'reference'])
    .where('person_id', 'in', wanted)
    .orderBy('requested_at')
    .execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', wanted)
    .execute();
  const hubs = await db
    .selectFrom('hubs')
    .select(['id', 'name'])
    .where('id', 'in', wanted)
    .execute();
  return {
    cases,
    // Ordered by request: the latest case of a person is the one kept.
    people: new Map(people.map((p) => [p.person_id, p.reference])),
    users: new Map(users.map((u) => [u.id, u.name])),
    hubs: new Map(hubs.map((h) => [h.id, h.name])),
  };
}
