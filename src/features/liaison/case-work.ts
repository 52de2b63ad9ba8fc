import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition } from '../../domain/case-state.ts';
import { refused, stale, type Change } from '../../domain/result.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { advanceCase } from '../../access/case-version.ts';

/**
 * Clinical work recorded in the health compartment (liaison, meetings). Who may read or
 * record it is the access core's (`can.readHealth`, `can.workHealth`); this holds what the
 * case's state allows and the lock of its row.
 */

/** Whether the buttons to record show: the forms check again. */
export const canRecordNow = (opened: OpenedCase): boolean =>
  opened.can.workHealth && transition(opened.header.status, 'record_work').ok;

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
): Promise<Change<never> | null> {
  const current = await trx
    .selectFrom('cases')
    .select(['status', 'version'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const step = transition(current.status, 'record_work');
  if (!step.ok) return refused(step.reason);
  if (caseVersion !== null && current.version !== caseVersion) return stale;
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
