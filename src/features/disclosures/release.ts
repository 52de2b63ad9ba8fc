import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { recipientIds, type DisclosureRecord } from './records.ts';
import { notify } from '../notifications/notify.ts';
import { makeExternalLetter } from './external.ts';
import { isWithheld } from '../../domain/rectification.ts';
import { restrictedRecords } from '../rectification/service.ts';

/** A decision taking effect: when, at which version of it, and who decided and approved it. */
export interface Release {
  clock: Clock;
  actor: AuditActor;
  record: DisclosureRecord;
  now: Date;
  /** The decision's version once in effect (the summary's copy names it). */
  version: number;
  decidedBy: string;
  approvedBy: string | null;
}

/**
 * Writes the frozen copy of exactly what was released into the shared compartment, with the
 * audit row naming its recipients. Called in the transaction that makes the decision take
 * effect.
 */
export async function release(trx: Transaction<DB>, given: Release): Promise<void> {
  const { record, now } = given;
  // A record restricted after it was chosen (a correction request answered by an annotation
  // while the decision waited) is never released.
  const restricted = await restrictedRecords(trx, record.caseId);
  const items = record.items.filter((i) => !isWithheld(restricted, i.sourceTable, i.recordId));
  const copies = [
    ...(record.summary
      ? [
          {
            source: 'summary',
            source_table: 'disclosures',
            source_record_id: record.id,
            source_record_version: given.version,
            label: 'Summary written for this disclosure',
            body: record.summary,
          },
        ]
      : []),
    ...items.map((i) => ({
      source: i.source,
      source_table: i.sourceTable,
      source_record_id: i.recordId,
      source_record_version: i.recordVersion,
      label: i.label,
      body: i.text,
    })),
  ];
  await trx
    .insertInto('released_items')
    .values(
      copies.map((c, index) => ({
        ...c,
        disclosure_id: record.id,
        case_id: record.caseId,
        position: index + 1,
        direction: record.direction,
        legal_basis: record.legalBasis!,
        decided_by: given.decidedBy,
        approved_by: given.approvedBy,
        released_at: now,
      })),
    )
    .execute();
  // Outside Cicero, the copies go out as a letter made from them now, kept with the decision.
  const letter =
    record.direction === 'health_to_external'
      ? await makeExternalLetter(trx, given.clock, {
          record,
          decidedBy: given.decidedBy,
          approvedBy: given.approvedBy,
          now,
        })
      : null;
  await recordAudit(
    trx,
    given.clock,
    { ...given.actor, hubId: record.hubId },
    {
      action: 'disclosure',
      subjectType: 'disclosure',
      subjectId: record.id,
      personId: record.personId,
      detail: {
        caseId: record.caseId,
        direction: record.direction,
        recipients: recipientIds(record),
        legalBasis: record.legalBasis,
        consent: record.consent,
        items: copies.map((c) => c.source),
        ...(letter
          ? { externalMethod: record.external?.method ?? null, letterContentId: letter }
          : {}),
      },
    },
  );
  // The named recipients are told something was shared with them (never what).
  if (record.direction === 'health_to_external') return;
  await notify(trx, given.clock, {
    kind: 'item_released',
    caseId: record.caseId,
    path:
      record.direction === 'health_to_police' ? '/disclosures/received' : `/cases/${record.caseId}`,
    actorId: given.actor.userId,
    only: record.recipients.flatMap((r) => (r.userId ? [r.userId] : [])),
  });
}
