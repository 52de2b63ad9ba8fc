import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { pageOf } from '../../web/pagination.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { DELIVERIES, KINDS, NOTIFICATION_KINDS } from './kinds.ts';
import { notificationPage, notificationsPage, preferencesPage } from './presenter.ts';
import {
  findNotification,
  listNotifications,
  markAllRead,
  openNotification,
  readPreferences,
  savePreferences,
  unreadCount,
  UNREAD_CAP,
} from './service.ts';

const view = (name: string) => `features/notifications/views/${name}.njk`;
const idParams = z.object({ id: uuid });
const csrfOnly = z.looseObject({ _csrf: z.string().optional() });
const pageQuery = z.looseObject({ page: z.string().optional().catch(undefined) });
const savedQuery = z.looseObject({ saved: z.string().optional().catch(undefined) });
/** One radio answer per kind that can be chosen; anything else in the body is ignored. */
const preferencesBody = z.looseObject(
  Object.fromEntries(
    NOTIFICATION_KINDS.filter((kind) => !KINDS[kind].fixed).map((kind) => [
      kind,
      z.enum(DELIVERIES).optional().catch(undefined),
    ]),
  ),
);

/**
 * "Notifications (n)" in the header (layout.njk): the signed-in user's unread count, one
 * bounded query per page, set where the guard set `signedIn`. Not on the API or for assets.
 */
export function registerUnreadCount(app: FastifyInstance, db: Kysely<DB>): void {
  app.addHook('preHandler', async (request) => {
    const signedIn = request.viewLocals.signedIn as Record<string, unknown> | undefined;
    if (!request.principal || !signedIn) return;
    const n = await unreadCount(db, request.principal.userId);
    signedIn.notifications = {
      count: n,
      label: n >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : String(n),
    };
  });
}

/** The notifications list, one notification, opening one, and the email preferences. */
export function notificationRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  return [
    route({
      method: 'GET',
      url: '/notifications',
      permission: 'account.use',
      query: pageQuery,
      handler: async ({ reply, principal, query }) => {
        const page = pageOf(query);
        const list = await listNotifications(db, principal.userId, page);
        const unread = await unreadCount(db, principal.userId);
        return reply.page(view('list'), notificationsPage({ ...list, page, unread }));
      },
    }),
    route({
      method: 'POST',
      url: '/notifications/read',
      permission: 'account.use',
      body: csrfOnly,
      handler: async ({ reply, principal }) => {
        await markAllRead(db, clock, principal.userId);
        return reply.redirect('/notifications', 303);
      },
    }),
    route({
      method: 'GET',
      url: '/notifications/:id',
      permission: 'account.use',
      params: idParams,
      handler: async ({ request, reply, principal, params }) => {
        const item = await findNotification(db, principal.userId, params.id);
        if (!item) return sendProblem(request, reply, 404);
        return reply.page(view('notification'), notificationPage(item));
      },
    }),
    route({
      method: 'POST',
      url: '/notifications/:id/open',
      permission: 'account.use',
      params: idParams,
      body: csrfOnly,
      handler: async ({ request, reply, principal, params }) => {
        const path = await openNotification(db, clock, principal.userId, params.id);
        if (!path) return sendProblem(request, reply, 404);
        return reply.redirect(path, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/account/notifications',
      permission: 'account.use',
      query: savedQuery,
      handler: async ({ reply, principal, query }) =>
        reply.page(
          view('preferences'),
          preferencesPage(await readPreferences(db, principal.userId), query.saved === '1'),
        ),
    }),
    route({
      method: 'POST',
      url: '/account/notifications',
      permission: 'account.use',
      body: preferencesBody,
      handler: async ({ reply, principal, actor, body }) => {
        await savePreferences(db, clock, actor, { userId: principal.userId, choices: body });
        return reply.redirect('/account/notifications?saved=1', 303);
      },
    }),
  ];
}
