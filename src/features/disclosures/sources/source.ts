import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { CaseTable } from '../../../domain/compartments.ts';
import type { DisclosureDirection } from '../../../domain/disclosures.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * One item of a record that a disclosure may release, frozen as text with its provenance:
 * the table and row it came from and that row's version when it was chosen.
 */
export interface ReleasableItem {
  /** The source's id (its key in RELEASABLE_SOURCES). */
  source: string;
  sourceTable: CaseTable;
  recordId: string;
  /** The record's version (a formulation's version number; 1 for records that never change). */
  recordVersion: number;
  /** What the item is, as the recipient reads it (no personal data beyond the case's own). */
  label: string;
  /** The frozen text released. */
  text: string;
}

/** The row that freezes a chosen item on its disclosure: the one shape the service and the
 * synthetic data generator both write. */
export function disclosureItemRow(item: ReleasableItem, index: number, disclosureId: string) {
  return {
    disclosure_id: disclosureId,
    position: index + 1,
    source: item.source,
    source_table: item.sourceTable,
    source_record_id: item.recordId,
    source_record_version: item.recordVersion,
    label: item.label,
    body: item.text,
  };
}

/**
 * A source of releasable items. Adding one is one file in this folder plus one line in
 * RELEASABLE_SOURCES (index.ts); see docs/disclosures.md.
 */
export interface ReleasableSource {
  id: string;
  /** Which way its items may cross: health items go to police, police items to health. */
  direction: DisclosureDirection;
  /** The heading the items are grouped under on the choice page. */
  title: string;
  /** The items of this case that may be released now, oldest first. */
  items(db: Executor, caseId: string): Promise<ReleasableItem[]>;
}
