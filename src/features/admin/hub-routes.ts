import { sendProblem } from '../../web/errors.ts';
import { formErrors, parseForm } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import { hubForm } from './forms.ts';
import type { HubAdmin } from './hub-service.ts';
import { notice, recordId } from './params.ts';
import { hubConflictPage, hubFormPage, hubFormValues, hubsPage } from './presenter.ts';

const views = 'features/admin/views';
const access = { permission: 'hubs.manage' } as const;

/** The service desk's hub pages: list, add, edit. */
export function hubRoutes(deps: { hubs: HubAdmin }): LegacyRouteDeclaration[] {
  const { hubs } = deps;
  return [
    {
      method: 'GET',
      url: '/admin/hubs',
      access,
      handler: async (request, reply) =>
        reply.page(
          `${views}/hubs.njk`,
          hubsPage({ hubs: await hubs.list(), notice: notice(request) }),
        ),
    },
    {
      method: 'GET',
      url: '/admin/hubs/new',
      access,
      handler: (_request, reply) =>
        reply.page(`${views}/hub-form.njk`, hubFormPage({ mode: 'create', values: {} })),
    },
    {
      method: 'POST',
      url: '/admin/hubs',
      access,
      handler: async (request, reply) => {
        const form = parseForm(hubForm, request.body);
        if (!form.ok)
          return reply.page(
            `${views}/hub-form.njk`,
            hubFormPage({ mode: 'create', values: form.values, errors: form.errors }),
            400,
          );
        const result = await hubs.create(form.data, actorFor(request));
        if (!result.ok)
          return reply.page(
            `${views}/hub-form.njk`,
            hubFormPage({ mode: 'create', values: form.data, errors: formErrors(result.errors) }),
            400,
          );
        return reply.redirect('/admin/hubs?done=created');
      },
    },
    {
      method: 'GET',
      url: '/admin/hubs/:id/edit',
      access,
      handler: async (request, reply) => {
        const id = recordId(request);
        const hub = id ? await hubs.find(id) : null;
        if (!hub) return sendProblem(request, reply, 404);
        return reply.page(
          `${views}/hub-form.njk`,
          hubFormPage({ mode: 'edit', values: hubFormValues(hub), hubId: hub.id }),
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/hubs/:id',
      access,
      handler: async (request, reply) => {
        const id = recordId(request);
        if (!id) return sendProblem(request, reply, 404);
        const form = parseForm(hubForm, request.body);
        const version = form.ok ? form.data.version : undefined;
        if (!form.ok || version === undefined) {
          const errors = form.ok
            ? formErrors([['code', 'The form is out of date: open the hub again']])
            : form.errors;
          const values = form.ok ? form.data : form.values;
          return reply.page(
            `${views}/hub-form.njk`,
            hubFormPage({ mode: 'edit', values, errors, hubId: id }),
            400,
          );
        }
        const result = await hubs.update(id, { ...form.data, version }, actorFor(request));
        switch (result.kind) {
          case 'not-found':
            return sendProblem(request, reply, 404);
          case 'conflict':
            return reply.page(
              `${views}/conflict.njk`,
              hubConflictPage({ current: result.current, yours: form.data }),
              409,
            );
          case 'invalid':
            return reply.page(
              `${views}/hub-form.njk`,
              hubFormPage({
                mode: 'edit',
                values: form.data,
                errors: formErrors(result.errors),
                hubId: id,
              }),
              400,
            );
          case 'saved':
            return reply.redirect('/admin/hubs?done=saved');
        }
      },
    },
  ];
}
