import { sendProblem } from '../../web/errors.ts';
import { formErrors, parseForm } from '../../web/forms.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { hubForm, retireHubForm } from './forms.ts';
import type { HubAdmin } from './hub-service.ts';
import { formBody, idParams, noticeQuery } from './params.ts';
import {
  hubConflictPage,
  hubFormPage,
  hubFormValues,
  hubsPage,
  retireHubPage,
} from './hub-presenter.ts';

const views = 'features/admin/views';
const permission = 'hubs.manage' as const;

/** The service desk's hub pages: list, add, edit, retire (docs/hubs.md). */
export function hubRoutes(deps: { hubs: HubAdmin }): RouteDeclaration[] {
  const { hubs } = deps;
  return [
    route({
      method: 'GET',
      url: '/admin/hubs',
      permission,
      query: noticeQuery,
      handler: async ({ reply, query }) =>
        reply.page(`${views}/hubs.njk`, hubsPage({ hubs: await hubs.list(), notice: query.done })),
    }),
    route({
      method: 'GET',
      url: '/admin/hubs/new',
      permission,
      handler: ({ reply }) =>
        reply.page(`${views}/hub-form.njk`, hubFormPage({ mode: 'create', values: {} })),
    }),
    route({
      method: 'POST',
      url: '/admin/hubs',
      permission,
      body: formBody,
      handler: async ({ reply, body, actor }) => {
        const form = parseForm(hubForm, body);
        if (!form.ok)
          return reply.page(
            `${views}/hub-form.njk`,
            hubFormPage({ mode: 'create', values: form.values, errors: form.errors }),
            400,
          );
        const result = await hubs.create(form.data, actor);
        if (!result.ok)
          return reply.page(
            `${views}/hub-form.njk`,
            hubFormPage({ mode: 'create', values: form.data, errors: formErrors(result.errors) }),
            400,
          );
        return reply.redirect('/admin/hubs?done=created');
      },
    }),
    route({
      method: 'GET',
      url: '/admin/hubs/:id/edit',
      permission,
      params: idParams,
      handler: async ({ request, reply, params }) => {
        const hub = await hubs.find(params.id);
        // A retired hub is kept as it was: there is nothing to edit.
        if (!hub || hub.status === 'retired') return sendProblem(request, reply, 404);
        return reply.page(
          `${views}/hub-form.njk`,
          hubFormPage({ mode: 'edit', values: hubFormValues(hub), hubId: hub.id }),
        );
      },
    }),
    route({
      method: 'POST',
      url: '/admin/hubs/:id',
      permission,
      params: idParams,
      body: formBody,
      handler: async ({ request, reply, params, body, actor }) => {
        const id = params.id;
        const form = parseForm(hubForm, body);
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
        const result = await hubs.update(id, { ...form.data, version }, actor);
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
    }),
    route({
      method: 'GET',
      url: '/admin/hubs/:id/retire',
      permission,
      params: idParams,
      handler: async ({ request, reply, params }) => {
        const hub = await hubs.find(params.id);
        if (!hub || hub.status === 'retired') return sendProblem(request, reply, 404);
        return reply.page(`${views}/hub-retire.njk`, retireHubPage({ hub }));
      },
    }),
    route({
      method: 'POST',
      url: '/admin/hubs/:id/retire',
      permission,
      params: idParams,
      body: formBody,
      handler: async ({ request, reply, params, body, actor }) => {
        const hub = await hubs.find(params.id);
        if (!hub || hub.status === 'retired') return sendProblem(request, reply, 404);
        const form = parseForm(retireHubForm, body);
        if (!form.ok)
          return reply.page(
            `${views}/hub-retire.njk`,
            retireHubPage({ hub, errors: form.errors }),
            400,
          );
        const result = await hubs.retire(hub.id, form.data.version, actor);
        switch (result.kind) {
          case 'not-found':
          case 'already-retired':
            return sendProblem(request, reply, 404);
          case 'conflict':
            return reply.page(
              `${views}/hub-retire.njk`,
              retireHubPage({
                hub: result.current,
                errors: formErrors([
                  ['confirm', 'This hub was changed since you opened this page: check it again'],
                ]),
              }),
              409,
            );
          case 'retired':
            return reply.redirect('/admin/hubs?done=retired');
        }
      },
    }),
  ];
}
