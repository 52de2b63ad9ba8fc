import type { FastifyReply, FastifyRequest } from 'fastify';
import { rolesDiffer } from '../../domain/user-accounts.ts';
import { sendProblem } from '../../web/errors.ts';
import { formErrors, parseForm } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { userCreateForm, userEditForm, userSearchForm, type UserSearch } from './forms.ts';
import { notice, recordId } from './params.ts';
import {
  userConflictPage,
  userFormPage,
  userFormValues,
  userPage,
  usersPage,
} from './presenter.ts';
import type { UserAdmin } from './user-service.ts';

const views = 'features/admin/views';
const access = { permission: 'users.manage' } as const;

/** The service desk's user pages. Admins see account facts only, never case content. */
export function userRoutes(deps: {
  users: UserAdmin;
  requireFreshCode: RequireFreshCode;
}): LegacyRouteDeclaration[] {
  const { users, requireFreshCode } = deps;

  async function showList(
    reply: FastifyReply,
    filter: Partial<UserSearch>,
    errors?: ReturnType<typeof formErrors>,
  ) {
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

  /** Loads the user of the path, or answers 404. */
  async function userOf(request: FastifyRequest, reply: FastifyReply) {
    const id = recordId(request);
    const user = id ? await users.find(id) : null;
    if (!user) sendProblem(request, reply, 404);
    return user;
  }

  function accountAction(
    path: string,
    run: (id: string, request: FastifyRequest) => Promise<boolean>,
    done: string,
    refuseSelf?: string,
  ): LegacyRouteDeclaration {
    return {
      method: 'POST',
      url: `/admin/users/:id/${path}`,
      access,
      handler: async (request, reply) => {
        const user = await userOf(request, reply);
        if (!user) return reply;
        const self = user.id === request.principal!.userId;
        if (refuseSelf && self) {
          return reply.page(
            `${views}/user.njk`,
            userPage({ user, self, errors: formErrors([['actions', refuseSelf]]) }),
            400,
          );
        }
        if (!(await run(user.id, request))) return sendProblem(request, reply, 404);
        return reply.redirect(`/admin/users/${user.id}?done=${done}`);
      },
    };
  }

  return [
    {
      method: 'GET',
      url: '/admin/users',
      access,
      handler: (_request, reply) => showList(reply, {}),
    },
    {
      // A search is posted, not put in the URL: it may hold a name or an email address.
      method: 'POST',
      url: '/admin/users/search',
      access,
      handler: (request, reply) => {
        const form = parseForm(userSearchForm, request.body);
        return form.ok ? showList(reply, form.data) : showList(reply, form.values, form.errors);
      },
    },
    {
      method: 'GET',
      url: '/admin/users/new',
      access,
      handler: async (request, reply) => {
        // A new user is given roles: confirm a code before the form, not after filling it in.
        if (!(await requireFreshCode(request, reply, '/admin/users/new'))) return reply;
        return showForm(reply, { mode: 'create', values: {} });
      },
    },
    {
      method: 'POST',
      url: '/admin/users',
      access,
      handler: async (request, reply) => {
        const form = parseForm(userCreateForm, request.body);
        if (!form.ok)
          return showForm(reply, { mode: 'create', values: form.values, errors: form.errors }, 400);
        if (!(await requireFreshCode(request, reply, '/admin/users/new'))) return reply;
        const result = await users.create(form.data, actorFor(request));
        if (!result.ok) {
          return showForm(
            reply,
            { mode: 'create', values: form.data, errors: formErrors(result.errors) },
            400,
          );
        }
        return reply.redirect(`/admin/users/${result.id}?done=created`);
      },
    },
    {
      method: 'GET',
      url: '/admin/users/:id',
      access,
      handler: async (request, reply) => {
        const user = await userOf(request, reply);
        if (!user) return reply;
        return reply.page(
          `${views}/user.njk`,
          userPage({ user, notice: notice(request), self: user.id === request.principal!.userId }),
        );
      },
    },
    {
      method: 'GET',
      url: '/admin/users/:id/edit',
      access,
      handler: async (request, reply) => {
        const user = await userOf(request, reply);
        if (!user) return reply;
        return showForm(reply, { mode: 'edit', values: userFormValues(user), user });
      },
    },
    {
      method: 'POST',
      url: '/admin/users/:id',
      access,
      handler: async (request, reply) => {
        const user = await userOf(request, reply);
        if (!user) return reply;
        const form = parseForm(userEditForm, request.body);
        if (!form.ok)
          return showForm(
            reply,
            { mode: 'edit', values: form.values, errors: form.errors, user },
            400,
          );
        const self = user.id === request.principal!.userId;
        if (self && user.roles.includes('admin') && !form.data.roles.includes('admin')) {
          const errors = formErrors([
            ['roles', 'You cannot remove your own administrator role: ask another administrator'],
          ]);
          return showForm(reply, { mode: 'edit', values: form.data, errors, user }, 400);
        }
        // Checked against the version the form was opened at: a stale form goes to the conflict page.
        if (form.data.version === user.version && rolesDiffer(user.roles, form.data.roles)) {
          if (!(await requireFreshCode(request, reply, `/admin/users/${user.id}/edit`)))
            return reply;
        }
        const result = await users.update(user.id, form.data, actorFor(request));
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
              { mode: 'edit', values: form.data, errors: formErrors(result.errors), user },
              400,
            );
          case 'saved':
            return reply.redirect(`/admin/users/${user.id}?done=saved`);
        }
      },
    },
    accountAction(
      'disable',
      (id, request) => users.disable(id, actorFor(request)),
      'disabled',
      'You cannot disable your own account',
    ),
    accountAction('enable', (id, request) => users.enable(id, actorFor(request)), 'enabled'),
    accountAction('unlock', (id, request) => users.unlock(id, actorFor(request)), 'unlocked'),
    accountAction(
      'reset-mfa',
      (id, request) => users.resetMfa(id, actorFor(request)),
      'mfa-reset',
      'You cannot reset your own security codes: ask another administrator',
    ),
  ];
}
