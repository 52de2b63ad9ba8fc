import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import { type OpenedCase } from '../../access/case-context.ts';
import { caseIdOf, openHealthCase } from '../../access/legacy.ts';
import { isUuid } from '../../web/ids.ts';
import { advanceCase } from '../cases/version.ts';

/**
 * Opening a case for clinical work recorded in the health compartment (liaison, meetings).
 * Reading: as openHealthCase (404 and an audit row outside the viewer's hubs; the reason page
 * for a clinician of the hub outside their allocation). Recording: only the allocated
 * clinicians and the hub lead; a reason lets a clinician read a case, not work it (403).
 */
export async function openForReading(
  db: Kysely<DB>,
  clock: Clock,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<OpenedCase | null> {
  return openHealthCase(db, clock, request, reply, caseIdOf(request));
}

export async function openForRecording(
  db: Kysely<DB>,
  clock: Clock,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<OpenedCase | null> {
  const opened = await openForReading(db, clock, request, reply);
  if (!opened) return null;
  if (!mayRecord(opened)) {
    await sendProblem(request, reply, 403);
    return null;
  }
  return opened;
}

export const mayRecord = (opened: OpenedCase): boolean =>
  opened.relation.allocatedClinician || opened.hubLead;

/** Whether the buttons to record show: the forms check again. */
export const canRecordNow = (opened: OpenedCase): boolean =>
  mayRecord(opened) && transition(opened.header.status, 'record_work').ok;

/** A path parameter that must be a UUID (a record id); anything else is simply not found. */
export function idParam(request: FastifyRequest, name: string): string | null {
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return isUuid(value) ? value : null;
}

export type WorkRefused = { outcome: 'conflict'; refusal: string | null; status: CaseState };

/**
 * Locks the case row and checks that clinical work may be recorded in it now. With a case
 * version (a form that creates a record), the version must be the one the form was opened on;
 * the caller then moves the case on (moveCaseOn), so a second click of the form is stale.
 * Without one (an edit of an existing record), the record's own version is checked instead.
 */
export async function lockCaseForWork(
  trx: Transaction<DB>,
  caseId: string,
  caseVersion: number | null,
): Promise<WorkRefused | null> {
  const current = await trx
    .selectFrom('cases')
    .select(['status', 'version'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const step = transition(current.status, 'record_work');
  if (!step.ok) return { outcome: 'conflict', refusal: step.reason, status: current.status };
  if (caseVersion === null) return null;
  if (current.version !== caseVersion) {
    return { outcome: 'conflict', refusal: null, status: current.status };
  }
  return null;
}

/** Moves the locked case on one version, after lockCaseForWork and the work's own checks. */
export async function moveCaseOn(
  trx: Transaction<DB>,
  caseId: string,
  caseVersion: number,
): Promise<void> {
  if (!(await advanceCase(trx, { caseId, expectedVersion: caseVersion }))) {
    throw new Error('The case version moved while its row was locked');
  }
}
