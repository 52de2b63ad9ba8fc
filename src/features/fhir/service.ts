import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { searchAuditLog } from '../audit/search.ts';
import { sharedPartOf } from '../closure/feedback.ts';
import { consentHistory } from '../consent/service.ts';
import { auditReleasedRead, releasedItemsOf } from '../disclosures/released.ts';
import { contactsOf } from '../liaison/service.ts';
import { currentPlan } from '../plans/read.ts';
import { readPoliceRequest } from '../requests/police-request.ts';
import { WITHHELD_TEXT, isWithheld } from '../../domain/rectification.ts';
import { restrictedRecords } from '../rectification/service.ts';
import type { BundleStamp, CaseExport } from './export.ts';

/**
 * Loading what a viewer may see of a case for the FHIR export, with the features' own
 * readers. Which parts are read is the access core's answer (`opened.can`, and
 * `opened.visibility.releasedItems` for released copies): a part the viewer may not see is
 * never queried. The read is audited as a consultation of the case, in the same transaction.
 */

export interface FhirDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export const stampOf = (clock: Clock): BundleStamp => ({
  id: randomUUID(),
  at: clock.now(),
  uuid: randomUUID,
});

/** Whether the export has anything for this viewer (a clinician who must give a reason has not). */
export const exportsAnything = (opened: OpenedCase): boolean =>
  opened.can.readPolice || opened.can.readShared || opened.can.readHealth;

export async function readCaseExport(
  { db, clock }: FhirDeps,
  input: { actor: AuditActor; opened: OpenedCase; viewerId: string; via: 'api' | 'page' },
): Promise<CaseExport> {
  const { actor, opened, viewerId } = input;
  const { header, can } = opened;
  return db.transaction().execute(async (trx) => {
    const police = can.readPolice ? await readPoliceRequest(trx, header.id) : null;
    const shared = can.readShared ? await sharedPartOf(trx, header.id) : null;
    // Records restricted after a correction request are never exported (rectification).
    const restricted = await restrictedRecords(trx, header.id);
    const plan = can.readHealth ? await currentPlan(trx, header.id) : null;
    const health = can.readHealth
      ? {
          consents: await consentHistory(trx, header.id),
          plan: plan && !isWithheld(restricted, 'plans', plan.id) ? plan : null,
          liaison: (await contactsOf(trx, header.id)).filter(
            (c) => !isWithheld(restricted, 'liaison_contacts', c.id),
          ),
        }
      : null;
    const released = await releasedItemsOf(trx, {
      caseId: header.id,
      access: opened.visibility.releasedItems,
      viewerId,
    });
    const audited = { ...actor, hubId: header.hubId };
    await recordAudit(trx, clock, audited, {
      action: 'consultation',
      subjectType: 'case',
      subjectId: header.id,
      personId: header.personId,
      detail: {
        view: 'fhir',
        via: input.via,
        police: police !== null,
        shared: shared !== null,
        health: health !== null,
        releasedItems: released.length,
      },
    });
    await auditReleasedRead(
      { db: trx, clock },
      { actor: audited, facts: { ...header, caseId: header.id }, items: released },
    );
    return {
      header,
      person: police
        ? {
            givenName: police.given_name,
            familyName: police.family_name,
            otherNames: police.other_names,
            dateOfBirth: police.date_of_birth,
            nhsNumber: police.nhs_number,
            gender: police.gender,
          }
        : null,
      request: police
        ? {
            pcmtReference: police.pcmt_reference,
            submittedAt: police.submitted_at,
            concernsSeen: isWithheld(restricted, 'support_requests', header.id)
              ? WITHHELD_TEXT
              : police.concerns_seen,
            supportReason: police.support_reason,
          }
        : null,
      shared,
      health,
      released,
    };
  });
}

/**
 * The access log of a case for the information governance officer: the audit log's own
 * search of the record `case/<id>` (which records the search), or null when there is no such
 * case. Only the case's id is read; the officer never sees its content.
 */
export async function readCaseAuditLog(
  { db, clock }: FhirDeps,
  input: { actor: AuditActor; caseId: string },
) {
  const found = await db
    .selectFrom('cases')
    .select('id')
    .where('id', '=', input.caseId)
    .executeTakeFirst();
  if (!found) return null;
  return searchAuditLog(db, clock, input.actor, {
    filters: { subjectType: 'case', subjectId: input.caseId },
    view: 'export',
  });
}
