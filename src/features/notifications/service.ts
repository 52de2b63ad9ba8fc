import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import {
  deliveryOf,
  isNotificationKind,
  KINDS,
  NOTIFICATION_KINDS,
  type Delivery,
  type NotificationKind,
} from './kinds.ts';

/** The unread count shown in the header stops here ("99+"): one cheap, bounded query. */
export const UNREAD_CAP = 100;

export async function unreadCount(db: Kysely<DB>, userId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM notifications WHERE user_id = ${userId} AND read_at IS NULL LIMIT ${UNREAD_CAP}
    ) unread`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  createdAt: Date;
  read: boolean;
}

export const PAGE_SIZE = 50;

/** The user's own notifications, newest first (kinds and times only: nothing of a case). */
export async function listNotifications(
  db: Kysely<DB>,
  userId: string,
  page: number,
): Promise<{ items: NotificationItem[]; more: boolean }> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  const items = rows
    .slice(0, PAGE_SIZE)
    .filter((r) => isNotificationKind(r.kind))
    .map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      createdAt: r.created_at,
      read: r.read_at !== null,
    }));
  return { items, more: rows.length > PAGE_SIZE };
}

/** One of the user's own notifications (null for anyone else's: the same as none). */
export async function findNotification(
  db: Kysely<DB>,
  userId: string,
  id: string,
): Promise<(NotificationItem & { path: string }) | null> {
  const row = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'created_at', 'read_at', 'path'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row || !isNotificationKind(row.kind)) return null;
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    read: row.read_at !== null,
    path: row.path,
  };
}

/** Marks one of the user's notifications read and returns where it leads (null: not theirs). */
export async function openNotification(
  db: Kysely<DB>,
  clock: Clock,
  userId: string,
  id: string,
): Promise<string | null> {
  const row = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(clock.now())) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('path')
    .executeTakeFirst();
  return row?.path ?? null;
}

export async function markAllRead(db: Kysely<DB>, clock: Clock, userId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: clock.now() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Each kind with the user's delivery (their choice or the default). */
export async function readPreferences(
  db: Kysely<DB>,
  userId: string,
): Promise<Record<NotificationKind, Delivery>> {
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['kind', 'delivery'])
    .where('user_id', '=', userId)
    .execute();
  const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, deliveryOf(kind, chosen.get(kind))]),
  ) as Record<NotificationKind, Delivery>;
}

/** Saves the user's choices (urgent requests stay at once whatever is sent), audited. */
export async function savePreferences(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  { userId, choices }: { userId: string; choices: Partial<Record<NotificationKind, Delivery>> },
): Promise<void> {
  const now = clock.now();
  const rows = NOTIFICATION_KINDS.filter((kind) => !KINDS[kind].fixed && choices[kind]).map(
    (kind) => ({ user_id: userId, kind, delivery: choices[kind]!, updated_at: now }),
  );
  await db.transaction().execute(async (trx) => {
    if (rows.length) {
      await trx
        .insertInto('notification_preferences')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({
            delivery: eb.ref('excluded.delivery'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    await recordAudit(trx, clock, actor, {
      action: 'alteration',
      subjectType: 'notification_preferences',
      subjectId: userId,
      detail: Object.fromEntries(rows.map((r) => [r.kind, r.delivery])),
    });
  });
}
