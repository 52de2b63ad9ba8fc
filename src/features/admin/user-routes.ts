import type { FastifyReply } from 'fastify';
import { sendProblem } from '../../web/errors.ts';
import { formErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { route, type RouteContext, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { userSearchForm, type UserSearch } from './forms.ts';
import { formBody, idParams, noticeQuery } from './params.ts';
import {
  userConflictPage,
  userFormPage,
  userFormValues,
  userPage,
  usersPage,
} from './presenter.ts';
import { assignmentsDiffer } from './user-audit.ts';
import { assignmentFields, userCreateForm, userEditForm, type UserEditInput } from './user-form.ts';
import type { UserAdmin, UserRecord } from './user-service.ts';

const views = 'features/admin/views';
const permission = 'users.manage' as const;

type Ctx = RouteContext<{ id: string }, unknown, unknown>;

/** The service desk's user pages. Admins see account facts only, never case content. */
export function userRoutes(deps: {
  users: UserAdmin;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { users, requireFreshCode } = deps;

  async function showList(reply: FastifyReply, filter: Partial<UserSearch>, errors?: FormErrors) {
    const hubs = await users.hubOptions();
    const result = errors ? { rows: [], total: 0 } : await users.search({ page: 1, ...filter });
    return reply.page(
      `${views}/users.njk`,
      usersPage({ filter, ...result, hubs, errors }),
      errors ? 400 : 200,
    );
  }

  async function showForm(
    reply: FastifyReply,
    input: Omit<Parameters<typeof userFormPage>[0], 'hubs'>,
    status = 200,
  ) {
    const hubs = await users.hubOptions();
    return reply.page(`${views}/user-form.njk`, userFormPage({ ...input, hubs }), status);
  }

  /** The form's values again, from what was parsed (the roles back in their fields). */
  const valuesOf = (data: { assignments: UserEditInput['assignments'] } & object) => ({
    ...data,
    ...assignmentFields(data.assignments),
  });

  /** Loads the user of the path, or answers 404. */
  async function userOf(ctx: Ctx): Promise<UserRecord | null> {
    const user = await users.find(ctx.params.id);
    if (!user) sendProblem(ctx.request, ctx.reply, 404);
    return user;
  }

  function accountAction(action: {
    path: string;
    run: (id: string, ctx: Ctx) => Promise<boolean>;
    done: string;
    refuseSelf?: string;
  }): RouteDeclaration {
    return route({
      method: 'POST',
      url: `/admin/users/:id/${action.path}`,
      permission,
      params: idParams,
      body: formBody,
      handler: async (ctx) => {
        const user = await userOf(ctx);
        if (!user) return ctx.reply;
        const self = user.id === ctx.principal.userId;
        if (action.refuseSelf && self) {
          return ctx.reply.page(
            `${views}/user.njk`,
            userPage({ user, self, errors: formErrors([['actions', action.refuseSelf]]) }),
            400,
          );
        }
        if (!(await action.run(user.id, ctx))) return sendProblem(ctx.request, ctx.reply, 404);
        return ctx.reply.redirect(`/admin/users/${user.id}?done=${action.done}`);
      },
    });
  }

  return [
    route({
      method: 'GET',
      url: '/admin/users',
      permission,
      handler: ({ reply }) => showList(reply, {}),
    }),
    route({
      // A search is posted, not put in the URL: it may hold a name or an email address.
      method: 'POST',
      url: '/admin/users/search',
      permission,
      body: formBody,
      handler: ({ reply, body }) => {
        const form = parseForm(userSearchForm, body);
        return form.ok ? showList(reply, form.data) : showList(reply, form.values, form.errors);
      },
    }),
    route({
      method: 'GET',
      url: '/admin/users/new',
      permission,
      handler: async ({ request, reply }) => {
        // A new user is given roles: confirm a code before the form, not after filling it in.
        if (!(await requireFreshCode(request, reply, '/admin/users/new'))) return reply;
        return showForm(reply, { mode: 'create', values: {} });
      },
    }),
    route({
      method: 'POST',
      url: '/admin/users',
      permission,
      body: formBody,
      handler: async ({ request, reply, body, actor }) => {
        const form = parseForm(userCreateForm, body);
        if (!form.ok)
          return showForm(reply, { mode: 'create', values: form.values, errors: form.errors }, 400);
        if (!(await requireFreshCode(request, reply, '/admin/users/new'))) return reply;
        const result = await users.create(form.data, actor);
        if (!result.ok) {
          // A password is never shown again.
          const values = { ...valuesOf(form.data), password: undefined };
          return showForm(
            reply,
            { mode: 'create', values, errors: formErrors(result.errors) },
            400,
          );
        }
        return reply.redirect(`/admin/users/${result.id}?done=created`);
      },
    }),
    route({
      method: 'GET',
      url: '/admin/users/:id',
      permission,
      params: idParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const user = await userOf(ctx);
        if (!user) return ctx.reply;
        return ctx.reply.page(
          `${views}/user.njk`,
          userPage({ user, notice: ctx.query.done, self: user.id === ctx.principal.userId }),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/admin/users/:id/edit',
      permission,
      params: idParams,
      handler: async (ctx) => {
        const user = await userOf(ctx);
        if (!user) return ctx.reply;
        return showForm(ctx.reply, { mode: 'edit', values: userFormValues(user), user });
      },
    }),
    route({
      method: 'POST',
      url: '/admin/users/:id',
      permission,
      params: idParams,
      body: formBody,
      handler: async (ctx) => {
        const { request, reply } = ctx;
        const user = await userOf(ctx);
        if (!user) return reply;
        const form = parseForm(userEditForm, ctx.body);
        if (!form.ok)
          return showForm(
            reply,
            { mode: 'edit', values: form.values, errors: form.errors, user },
            400,
          );
        const values = valuesOf(form.data);
        const self = user.id === ctx.principal.userId;
        const keepsAdmin = form.data.assignments.some((a) => a.role === 'admin');
        if (self && user.roles.includes('admin') && !keepsAdmin) {
          const errors = formErrors([
            ['roles', 'You cannot remove your own administrator role: ask another administrator'],
          ]);
          return showForm(reply, { mode: 'edit', values, errors, user }, 400);
        }
        // Checked against the version the form was opened at: a stale form goes to the conflict page.
        if (
          form.data.version === user.version &&
          assignmentsDiffer(user.assignments, form.data.assignments)
        ) {
          if (!(await requireFreshCode(request, reply, `/admin/users/${user.id}/edit`)))
            return reply;
        }
        const result = await users.update(user.id, form.data, ctx.actor);
        switch (result.kind) {
          case 'not-found':
            return sendProblem(request, reply, 404);
          case 'conflict':
            return reply.page(
              `${views}/conflict.njk`,
              userConflictPage({ current: result.current, yours: form.data }),
              409,
            );
          case 'invalid':
            return showForm(
              reply,
              { mode: 'edit', values, errors: formErrors(result.errors), user },
              400,
            );
          case 'saved':
            return reply.redirect(`/admin/users/${user.id}?done=saved`);
        }
      },
    }),
    accountAction({
      path: 'disable',
      run: (id, ctx) => users.disable(id, ctx.actor),
      done: 'disabled',
      refuseSelf: 'You cannot disable your own account',
    }),
    accountAction({
      path: 'enable',
      run: (id, ctx) => users.enable(id, ctx.actor),
      done: 'enabled',
    }),
    accountAction({
      path: 'unlock',
      run: (id, ctx) => users.unlock(id, ctx.actor),
      done: 'unlocked',
    }),
    accountAction({
      path: 'reset-mfa',
      run: (id, ctx) => users.resetMfa(id, ctx.actor),
      done: 'mfa-reset',
      refuseSelf: 'You cannot reset your own security codes: ask another administrator',
    }),
  ];
}
