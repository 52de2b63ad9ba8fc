import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';

/** The kinds of DPA 2018 s.62, plus sign-in events, denials and administration. */
export const AUDIT_ACTIONS = [
  'collection',
  'alteration',
  'consultation',
  'disclosure',
  'combination',
  'erasure',
  'sign-in',
  'denial',
  'admin',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it, in which role and hub, in which request. */
export interface AuditActor {
  userId: string | null;
  role: string | null;
  hubId: string | null;
  requestId: string | null;
  /** The API client the request came through (its id), when it came through the API. */
  clientId?: string | null;
}

/** What happened. No personal content: ids, kinds and codes only (a reason where one was asked). */
export interface AuditEntry {
  action: AuditAction;
  subjectType: string;
  subjectId?: string | null;
  personId?: string | null;
  reason?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Non-personal facts: codes, counts, recipients' user ids, event names. */
  detail?: Record<string, string | number | boolean | string[] | null>;
}

/**
 * The audit row for an entry, as it is inserted. Shared by `recordAudit` and by the synthetic
 * data generator (src/features/generator), which inserts many rows at once: both write the
 * same columns the same way.
 */
export function auditRow(occurredAt: Date, actor: AuditActor, entry: AuditEntry) {
  return {
    occurred_at: occurredAt,
    actor_user_id: actor.userId,
    actor_role: actor.role,
    hub_id: actor.hubId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    person_id: entry.personId ?? null,
    reason: entry.reason ?? null,
    request_id: actor.requestId,
    outcome: entry.outcome ?? 'success',
    detail: JSON.stringify(entry.detail ?? {}),
    actor_client_id: actor.clientId ?? null,
  };
}

/**
 * Writes one audit row with the executor it is given: pass the transaction that does the
 * work, so the work cannot commit without its audit row.
 */
export async function recordAudit(
  executor: Kysely<DB> | Transaction<DB>,
  clock: Clock,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await executor
    .insertInto('audit_events')
    .values(auditRow(clock.now(), actor, entry))
    .execute();
}
