import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import {
  generateInto,
  type GenerateCounts,
  type GenerateOptions,
} from '../../src/features/generator/generate.ts';

export { generateInto, type GenerateCounts, type GenerateOptions };
export { contentHash } from '../../src/features/generator/content-hash.ts';

/**
 * A synthetic dataset for a test (docs/synthetic-data.md): by default two years of 200
 * requests across the open hubs, ending at the test clock's start (2026-06-01 09:00 UTC), so
 * the same options always give the same rows. Returns the rows written per table.
 */
export function syntheticDataset(
  db: Kysely<DB>,
  options: Partial<GenerateOptions> = {},
): Promise<GenerateCounts> {
  return generateInto(db, {
    years: 2,
    requestsPerYear: 200,
    seed: 'test',
    now: new Date('2026-06-01T09:00:00Z'),
    ...options,
  });
}
