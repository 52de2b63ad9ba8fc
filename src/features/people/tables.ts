import type { Generated } from 'kysely';

/** Police-provided identity of the people referred (src/db/migrations/0020_cases.sql). */
export interface PeopleTables {
  people: {
    id: Generated<string>;
    given_name: string;
    family_name: string;
    other_names: string | null;
    /** 'YYYY-MM-DD' on both drivers (src/db/database.ts). */
    date_of_birth: string;
    nhs_number: string | null;
    gender: string;
    ethnicity: string;
    postcode_district: string | null;
    first_language: string | null;
    communication_needs: string | null;
    /** Folded names searched by trigrams (0150_search.sql): generated, never written. */
    search_name: Generated<string>;
    /** Whether any case names the person: set by a trigger (0205), never written. */
    has_case: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
}
