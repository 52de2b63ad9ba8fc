import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { sharedPartOf } from '../closure/feedback.ts';
import { policeUpdatesOf } from '../police-updates/service.ts';

/**
 * What GET /api/v1/cases/:caseId returns: the case header and, for each compartment the
 * access core lets the viewer read, its content (shared: advice and closure summary; police:
 * the updates). The health record is not here: it is the FHIR bundle's (…/fhir), which the
 * access core opens only to those who may read it. Read with one audit row, as the case page.
 */
export async function readCaseForApi(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  { actor, opened }: { actor: AuditActor; opened: OpenedCase },
) {
  const { header, can } = opened;
  return db.transaction().execute(async (trx) => {
    const shared = can.readShared ? await sharedPartOf(trx, header.id) : null;
    const updates = can.readPolice ? await policeUpdatesOf(trx, header.id) : null;
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: { api: true, police: can.readPolice, shared: can.readShared, health: false },
      },
    );
    return {
      caseId: header.id,
      reference: header.reference,
      hubName: header.hubName,
      personName: header.personName,
      status: header.status,
      urgency: header.urgency,
      requestedAt: header.requestedAt.toISOString(),
      closedAt: header.closedAt ? header.closedAt.toISOString() : null,
      version: header.version,
      access: {
        readPolice: can.readPolice,
        readShared: can.readShared,
        readHealth: can.readHealth,
        reasonRequired: opened.reasonRequired,
      },
      shared: shared
        ? {
            advice: shared.advice,
            closureSummary: shared.closureSummary
              ? {
                  ...shared.closureSummary,
                  approvedAt: shared.closureSummary.approvedAt.toISOString(),
                }
              : null,
          }
        : null,
      policeUpdates: updates
        ? updates.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))
        : null,
      links: {
        self: `/api/v1/cases/${header.id}`,
        fhir: can.readHealth ? `/api/v1/cases/${header.id}/fhir` : null,
      },
    };
  });
}
