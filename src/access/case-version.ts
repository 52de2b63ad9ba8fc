import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CaseState } from '../domain/case-state.ts';

/**
 * Optimistic concurrency: moves the case on one version, only if it is still at the version
 * the user saw. Two saves against one version: the second waits for the first's row lock,
 * then finds the version moved and updates nothing. Returns whether this save won.
 */
export async function advanceCase(
  trx: Transaction<DB>,
  input: { caseId: string; expectedVersion: number; status?: CaseState; closedAt?: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('cases')
    .set((eb) => ({
      version: eb('version', '+', 1),
      ...(input.status ? { status: input.status } : {}),
      ...(input.closedAt ? { closed_at: input.closedAt } : {}),
    }))
    .where('id', '=', input.caseId)
    .where('version', '=', input.expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
