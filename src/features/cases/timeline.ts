import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Visibility } from '../../domain/compartments.ts';
import type { TimelineEvent, TimelineSource } from './registry.ts';

/** The registry's types, where the features' timeline sources have always found them. */
export type { TimelineEvent, TimelineSource } from './registry.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * The events the viewer may see, newest first. The sources are the features' own, registered
 * in app.ts; events at the same instant keep the order of their sources.
 */
export async function caseTimeline(
  db: Executor,
  caseId: string,
  visibility: Visibility,
  sources: readonly TimelineSource[],
): Promise<TimelineEvent[]> {
  const visible = sources.filter((s) => visibility[s.compartment]);
  const events: TimelineEvent[] = [];
  for (const source of visible) events.push(...(await source.events(db, caseId)));
  return events.sort((a, b) => b.at.getTime() - a.at.getTime());
}
