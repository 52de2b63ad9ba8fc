import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { maySignOff, returnRefusal, signOffRefusal } from '../../domain/formulation.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { openCase, type OpenedCase } from '../../access/case-context.ts';
import { audited, type FormulationDeps, type OnCase } from './service.ts';
import { inProgressForUpdate } from './store.ts';

/**
 * Whether the viewer may decide the case's submitted formulation: `can.signOffFormulation`
 * of the access core (a senior clinician or hub lead of the case's hub). The decision pages
 * are theirs whether or not they gave a reason to read the rest of the record, but the core
 * answers `can` all false while a reason is required, so the domain rule it applies
 * (maySignOff, on the roles held in the case's hub) is asked too until the core grants
 * sign-off before the reason step.
 */
export const mayDecide = (opened: OpenedCase): boolean =>
  opened.can.signOffFormulation || maySignOff(opened.roles, opened.relation);

/** The case opened for a decision, locked for the change; null when not the viewer's to decide. */
async function openToDecide(trx: Transaction<DB>, principal: Principal, caseId: string) {
  const opened = await openCase(trx, principal, caseId, { forUpdate: true });
  return opened && mayDecide(opened) ? opened : null;
}

export type Decision = { kind: 'sign_off' } | { kind: 'return'; reason: string };

/**
 * A senior clinician or the hub lead signs off the submitted version (never their own: the
 * domain rule refuses it and the table's CHECK backs it), or returns it to draft with a reason.
 */
export async function decideFormulation(
  deps: FormulationDeps,
  actor: AuditActor,
  input: OnCase & { version: number; decision: Decision },
): Promise<Change<null>> {
  const { db, clock } = deps;
  const { decision, principal } = input;
  return db.transaction().execute(async (trx) => {
    const opened = await openToDecide(trx, principal, input.caseId);
    if (!opened) return notFound;
    const { header } = opened;
    const current = await inProgressForUpdate(trx, header.id);
    if (!current || current.version !== input.version) return stale;
    const refusal =
      decision.kind === 'sign_off'
        ? signOffRefusal({
            status: current.status,
            authorId: current.authorId,
            userId: principal.userId,
          })
        : returnRefusal(current.status);
    if (refusal) return refused(refusal);
    const now = clock.now();
    await trx
      .updateTable('formulations')
      .set(
        decision.kind === 'sign_off'
          ? {
              status: 'signed_off',
              signed_off_by: principal.userId,
              signed_off_at: now,
              updated_at: now,
              version: current.version + 1,
            }
          : {
              status: 'draft',
              returned_by: principal.userId,
              returned_at: now,
              return_reason: decision.reason,
              updated_at: now,
              version: current.version + 1,
            },
      )
      .where('id', '=', current.id)
      .execute();
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'alteration',
      subjectType: 'formulation',
      subjectId: current.id,
      personId: header.personId,
      detail: {
        caseId: header.id,
        status: decision.kind === 'sign_off' ? 'signed_off' : 'draft',
        decision: decision.kind,
        versionNumber: current.versionNumber,
      },
    });
    return done(null);
  });
}

export interface SignOffQueueItem {
  caseId: string;
  reference: string;
  personName: string;
  versionNumber: number;
  authorName: string;
  submittedAt: Date;
  ownVersion: boolean;
  review: boolean;
}

/** Submitted formulations in the hubs where the viewer is a senior clinician or hub lead, oldest first; audited. */
export async function signOffQueue(
  deps: FormulationDeps,
  actor: AuditActor,
  principal: Principal,
): Promise<SignOffQueueItem[]> {
  const { db, clock } = deps;
  // Only the hubs where a role held there grants sign-off: a clinician in one hub and hub
  // lead in another decides the second hub's formulations only.
  const hubIds = hubsGranting(principal.assignments, 'formulation.sign_off');
  if (hubIds.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('formulations as f')
      .innerJoin('cases', 'cases.id', 'f.case_id')
      .innerJoin('people', 'people.id', 'cases.person_id')
      .innerJoin('users as author', 'author.id', 'f.author_id')
      .select([
        'f.id',
        'cases.id as case_id',
        'cases.reference',
        'people.given_name',
        'people.family_name',
        'f.version_number',
        'f.author_id',
        'f.previous_id',
        'f.submitted_at',
        'author.name as author_name',
      ])
      .where('f.status', '=', 'submitted')
      .where('cases.hub_id', 'in', hubIds)
      .orderBy('f.submitted_at')
      .limit(200)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'formulation_queue',
      detail: { formulationIds: rows.map((r) => r.id) },
    });
    return rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      personName: `${r.given_name} ${r.family_name}`,
      versionNumber: r.version_number,
      authorName: r.author_name,
      submittedAt: r.submitted_at!,
      ownVersion: r.author_id === principal.userId,
      review: r.previous_id !== null,
    }));
  });
}
