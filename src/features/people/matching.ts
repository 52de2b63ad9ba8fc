import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Who we are looking for: what a request (or a clinician at triage) knows of the person. */
export interface MatchCandidate {
  givenName: string;
  familyName: string;
  /** 'YYYY-MM-DD' */
  dateOfBirth: string;
  nhsNumber: string | null;
}

export interface PossibleMatch {
  personId: string;
  /** An NHS number match is the same person; a name match is for a human to confirm. */
  basis: 'nhs_number' | 'name_and_date_of_birth';
  /** Trigram similarity of the names, 0–1 (1 for an NHS number match). */
  similarity: number;
}

/** Names at least this similar (pg_trgm) with the same date of birth are shown as possible. */
export const NAME_SIMILARITY_THRESHOLD = 0.4;
const LIMIT = 5;

/**
 * People who are likely the candidate: by NHS number exactly, else by similar names (also
 * against the other names they are known by) with the same date of birth. Someone whose
 * recorded NHS number differs from the candidate's is a different person, whatever the name.
 * Returns ids and scores only: callers decide what the user may see of each match.
 */
export async function findPossibleMatches(
  db: Kysely<DB> | Transaction<DB>,
  candidate: MatchCandidate,
): Promise<PossibleMatch[]> {
  if (candidate.nhsNumber) {
    const byNhs = await db
      .selectFrom('people')
      .select('id')
      .where('nhs_number', '=', candidate.nhsNumber)
      .executeTakeFirst();
    if (byNhs) return [{ personId: byNhs.id, basis: 'nhs_number', similarity: 1 }];
  }
  const name = `${candidate.givenName} ${candidate.familyName}`.trim().toLowerCase();
  const fullName = sql<string>`lower(given_name || ' ' || family_name)`;
  const score = sql<number>`greatest(similarity(${fullName}, ${name}), coalesce(similarity(lower(other_names), ${name}), 0))::float8`;
  const rows = await db
    .selectFrom('people')
    .select(['id', score.as('score')])
    .where('date_of_birth', '=', candidate.dateOfBirth)
    .where((eb) =>
      candidate.nhsNumber
        ? eb.or([eb('nhs_number', 'is', null), eb('nhs_number', '=', candidate.nhsNumber)])
        : eb.lit(true),
    )
    .where(score, '>=', NAME_SIMILARITY_THRESHOLD)
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(LIMIT)
    .execute();
  return rows.map((r) => ({
    personId: r.id,
    basis: 'name_and_date_of_birth',
    similarity: Number(r.score),
  }));
}
