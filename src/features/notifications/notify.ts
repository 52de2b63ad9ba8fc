import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { caseAccess } from '../../domain/case-access.ts';
import type { Clock } from '../../domain/clock.ts';
import type { RoleAssignment } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { deliveryOf, KINDS, type NotificationKind } from './kinds.ts';

/** One event on one case, as a feature's service reports it inside its transaction. */
export interface NotificationEvent {
  kind: NotificationKind;
  caseId: string;
  /** Where the notification links: a path of ids only (e.g. `/triage/<case id>`). */
  path: string;
  /** Who caused it: never told of their own action. */
  actorId?: string | null;
  /** Only these users, if the access core lets them (e.g. the clinicians just allocated). */
  only?: readonly string[];
  /** A daily job's key: one notification per user and key, however often the job runs. */
  dedupeKey?: string;
}

/**
 * The users the access core lets receive this kind of event on this case: everyone with a role
 * in the case's hub, the requesting officer, the allocated clinicians and the named recipients
 * of its released items are the candidates, and for each the access core's rule
 * (domain/case-access.ts) is asked with the facts of the case now; the kind's audience decides
 * on its answer. Active accounts only.
 */
export async function recipientsOf(
  trx: Transaction<DB>,
  event: Pick<NotificationEvent, 'kind' | 'caseId' | 'actorId' | 'only'>,
): Promise<string[]> {
  const found = await trx
    .selectFrom('cases')
    .select(['id', 'hub_id', 'status', 'requested_by'])
    .where('id', '=', event.caseId)
    .executeTakeFirst();
  if (!found) return [];
  const allocated = new Set(
    (
      await trx
        .selectFrom('allocations')
        .select('clinician_id')
        .where('case_id', '=', found.id)
        .where('allocated_to', 'is', null)
        .execute()
    ).map((r) => r.clinician_id),
  );
  const named = new Set(
    (
      await trx
        .selectFrom('disclosure_recipients')
        .innerJoin(
          'released_items',
          'released_items.disclosure_id',
          'disclosure_recipients.disclosure_id',
        )
        .select('disclosure_recipients.user_id')
        .where('released_items.case_id', '=', found.id)
        .execute()
    ).map((r) => r.user_id),
  );
  const rows = await trx
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select(['role_assignments.user_id', 'role_assignments.role', 'role_assignments.hub_id'])
    .where('users.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('role_assignments.user_id', 'in', (qb) =>
          qb.selectFrom('role_assignments').select('user_id').where('hub_id', '=', found.hub_id),
        ),
        eb('role_assignments.user_id', '=', found.requested_by),
        ...(named.size ? [eb('role_assignments.user_id', 'in', [...named])] : []),
      ]),
    )
    .execute();
  const assignments = new Map<string, RoleAssignment[]>();
  for (const row of rows) {
    const list = assignments.get(row.user_id) ?? [];
    list.push({ role: row.role as Role, hubId: row.hub_id });
    assignments.set(row.user_id, list);
  }
  const audience = KINDS[event.kind].audience;
  const only = event.only ? new Set(event.only) : null;
  return [...assignments]
    .filter(([userId]) => userId !== event.actorId && (!only || only.has(userId)))
    .filter(([userId, held]) =>
      audience(
        caseAccess({
          assignments: held,
          hubId: found.hub_id,
          status: found.status,
          requestingCaseOfficer: found.requested_by === userId,
          allocatedClinician: allocated.has(userId),
          // A reason opens a case for one session only: nobody is notified because of one.
          recordedReason: false,
          namedRecipient: named.has(userId),
        }),
      ),
    )
    .map(([userId]) => userId)
    .sort();
}

/**
 * Writes the notifications of an event in the caller's transaction, with the email each
 * recipient's choice asks for (at once: a row in the outbox; daily: marked for the summary),
 * so the event and its notifications stand or fall together. Nothing is sent here: the
 * notifications.email job sends (outbox.ts). Returns the users notified.
 */
export async function notify(
  trx: Transaction<DB>,
  clock: Clock,
  event: NotificationEvent,
): Promise<string[]> {
  const recipients = await recipientsOf(trx, event);
  if (recipients.length === 0) return [];
  const now = clock.now();
  const chosen = new Map(
    (
      await trx
        .selectFrom('notification_preferences')
        .select(['user_id', 'delivery'])
        .where('kind', '=', event.kind)
        .where('user_id', 'in', recipients)
        .execute()
    ).map((r) => [r.user_id, r.delivery]),
  );
  const notified: string[] = [];
  for (const userId of recipients) {
    const delivery = deliveryOf(event.kind, chosen.get(userId));
    const created = await trx
      .insertInto('notifications')
      .values({
        user_id: userId,
        kind: event.kind,
        case_id: event.caseId,
        path: event.path,
        dedupe_key: event.dedupeKey ?? null,
        created_at: now,
        digest_pending: delivery === 'daily',
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (!created) continue; // a daily job's repeat: already notified
    notified.push(userId);
    if (delivery === 'immediate') {
      await trx
        .insertInto('notification_emails')
        .values({
          user_id: userId,
          notification_id: created.id,
          kinds: JSON.stringify({ [event.kind]: 1 }),
          next_attempt_at: now,
          created_at: now,
        })
        .execute();
    }
  }
  return notified;
}
