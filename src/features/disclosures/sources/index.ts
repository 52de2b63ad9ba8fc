import { sourceDirection, type DisclosureDirection } from '../../../domain/disclosures.ts';
import { isWithheld } from '../../../domain/rectification.ts';
import { restrictedRecords } from '../../rectification/service.ts';
import { closingNotes } from './closure.ts';
import { consentStatus } from './consent.ts';
import { healthDocuments } from './documents.ts';
import { formulationFivePs, formulationReporting } from './formulation.ts';
import { planActions } from './plan-actions.ts';
import { policeUpdates } from './police-updates.ts';
import type { Executor, ReleasableItem, ReleasableSource } from './source.ts';
import { triageRationale } from './triage.ts';

export type { ReleasableItem, ReleasableSource } from './source.ts';

/**
 * Every source of releasable items. A capability adds one file in this folder and one line
 * here (docs/disclosures.md "Adding a source").
 */
export const RELEASABLE_SOURCES: readonly ReleasableSource[] = [
  formulationReporting,
  formulationFivePs,
  triageRationale,
  consentStatus,
  closingNotes,
  planActions,
  policeUpdates,
  healthDocuments,
];

/** The key that names one item on a form: source and record id. */
export const itemKey = (item: { source: string; recordId: string }): string =>
  `${item.source}:${item.recordId}`;

export interface ReleasableGroup {
  source: ReleasableSource;
  items: ReleasableItem[];
}

/**
 * The releasable items of a case for one direction, grouped by source. A record restricted
 * after a correction request (rectification) is never offered, nor released: the choice page
 * and the release both read through here.
 */
export async function releasableItems(
  db: Executor,
  caseId: string,
  direction: DisclosureDirection,
  sources: readonly ReleasableSource[] = RELEASABLE_SOURCES,
): Promise<ReleasableGroup[]> {
  const groups: ReleasableGroup[] = [];
  const offered = sourceDirection(direction);
  const restricted = await restrictedRecords(db, caseId);
  for (const source of sources.filter((s) => s.direction === offered)) {
    const items = (await source.items(db, caseId)).filter(
      (item) => !isWithheld(restricted, item.sourceTable, item.recordId),
    );
    if (items.length) groups.push({ source, items });
  }
  return groups;
}
