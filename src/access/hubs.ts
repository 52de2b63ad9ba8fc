import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { HubFacts } from '../domain/hubs.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Every hub with the forces it serves: the facts hub routing and hub validation are decided on
 * (src/domain/hubs.ts). Read here once, for the admin pages and for requests alike.
 */
export async function hubFacts(executor: Executor): Promise<(HubFacts & { name: string })[]> {
  const hubs = await executor
    .selectFrom('hubs')
    .select(['id', 'code', 'name', 'status'])
    .orderBy('code')
    .execute();
  const served = await executor
    .selectFrom('hub_forces')
    .select(['hub_id', 'force_code'])
    .orderBy('force_code')
    .execute();
  return hubs.map((h) => ({
    ...h,
    forces: served.filter((s) => s.hub_id === h.id).map((s) => s.force_code),
  }));
}
