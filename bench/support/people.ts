// Pads the people table to a given size for the person search goal ("p95 under 30 ms with
// 250,000 people"), which ten years of requests (about 37,000 people) do not reach. The extra
// people are made from the generator's own vocabulary (names, postcodes, ethnicity weights)
// with a seeded source; they have no cases, so they only make the search's haystack bigger.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { Random } from '../../src/features/generator/random.ts';
import * as words from '../../src/features/generator/vocabulary.ts';

const BATCH = 2000;

export async function padPeople(db: Kysely<DB>, total: number, seed: string): Promise<number> {
  const existing = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const missing = total - Number(existing.n);
  const random = new Random(`bench-people:${seed}`);
  const hubs = ['WM', 'NW', 'LDN'];
  const now = new Date();
  for (let done = 0; done < missing; done += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, missing - done) }, () => {
      const gender = random.chance(0.89) ? 'male' : 'female';
      const born = new Date(Date.UTC(random.int(1960, 2014), random.int(0, 11), random.int(1, 28)));
      return {
        given_name: words.givenName(random, gender),
        family_name: words.familyName(random),
        date_of_birth: born.toISOString().slice(0, 10),
        gender,
        ethnicity: random.weighted(words.ETHNICITY_WEIGHTS.default!),
        postcode_district: words.postcodeDistrict(random, random.pick(hubs)),
        first_language: 'English',
        created_at: now,
        updated_at: now,
      };
    });
    await db.insertInto('people').values(rows).execute();
  }
  await sql`ANALYZE people`.execute(db);
  return Math.max(0, missing);
}
