import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { readRegisterFilter, rowsOf, type RegisterRow } from './register.ts';

/**
 * One decision of the register, as its readers see it (the register's row in full), if it is in
 * their register (their hubs, not a draft); audited as a read of that disclosure.
 */
export async function readRegisterDecision(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  request: { actor: AuditActor; principal: Principal; disclosureId: string },
): Promise<RegisterRow | null> {
  const { actor, principal, disclosureId } = request;
  return db.transaction().execute(async (trx) => {
    const filter = { ...readRegisterFilter({}), disclosureId };
    const [row] = await rowsOf(trx, { principal, filter }, { limit: 1, offset: 0 });
    if (!row) return null;
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'disclosure',
      subjectId: row.id,
      detail: { caseId: row.caseId, page: 'register' },
    });
    return row;
  });
}
