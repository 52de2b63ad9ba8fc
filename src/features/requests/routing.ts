import type { Kysely, Transaction } from 'kysely';
import { hubFacts } from '../../access/hubs.ts';
import type { DB } from '../../db/schema.ts';
import { isActiveHub, routeRequest, routingMessage, type Routing } from '../../domain/hubs.ts';
import type { Officer } from './drafts.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface OfficerRouting {
  /** The hubs the officer may send to: the one serving their force, or their own active hubs. */
  choices: { code: string; label: string }[];
  routing: Routing;
  /** Why the request cannot be sent, when it cannot (no personal data: a force at most). */
  problem: string | null;
}

/**
 * Where this officer's request goes (src/domain/hubs.ts decides): read the officer's force and
 * every hub with the forces it serves. `chosenHubId` is the "VSS hub" answer, asked only of an
 * officer with no force recorded who is case officer in several active hubs.
 */
export async function officerRouting(
  db: Executor,
  officer: Officer,
  chosenHubId: string | null,
): Promise<OfficerRouting> {
  const user = await db
    .selectFrom('users')
    .select('force_code')
    .where('id', '=', officer.userId)
    .executeTakeFirst();
  const force = user?.force_code ?? null;
  const hubs = await hubFacts(db);
  const routing = routeRequest({ force, hubIds: officer.hubIds, chosenHubId }, hubs);
  const choices = (
    force !== null
      ? hubs.filter((h) => routing.ok && h.id === routing.hubId)
      : hubs.filter((h) => isActiveHub(h) && officer.hubIds.includes(h.id))
  )
    .map((h) => ({ code: h.id, label: h.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const problem = routing.ok || routing.reason === 'choose_hub' ? null : routingMessage(routing);
  return { choices, routing, problem };
}
