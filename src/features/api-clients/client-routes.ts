import type { FastifyReply } from 'fastify';
import { sendProblem } from '../../web/errors.ts';
import { formErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { formBody, idParams, noticeQuery } from '../admin/params.ts';
import { assignmentFields } from '../admin/user-form.ts';
import type { HomeLink } from '../auth/presenter.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { clientCreateForm } from './client-form.ts';
import type { ClientAdmin } from './client-service.ts';
import { parsePublicJwk } from './keys.ts';
import { clientFormPage, clientPage, clientsPage } from './presenter.ts';

const views = 'features/api-clients/views';
// A client is a (service) account: the same permission as people's accounts.
const permission = 'users.manage' as const;

export const clientHomeLinks: HomeLink[] = [
  {
    permission,
    text: 'API clients',
    href: '/admin/api-clients',
    description: 'Add systems that use the API (police and NHS record systems), and disable them.',
  },
];

/** The service desk's API client pages: add, list, see and disable clients. */
export function clientRoutes(deps: {
  clients: ClientAdmin;
  hubOptions: () => Promise<{ code: string; name: string; status: string }[]>;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { clients, requireFreshCode } = deps;

  async function showForm(
    reply: FastifyReply,
    input: { values: Record<string, unknown>; errors?: FormErrors },
  ) {
    const hubs = await deps.hubOptions();
    return reply.page(
      `${views}/client-form.njk`,
      clientFormPage({ ...input, hubs }),
      input.errors ? 400 : 200,
    );
  }

  async function clientOf(id: string) {
    return (await clients.list()).find((c) => c.clientId === id) ?? null;
  }

  return [
    route({
      method: 'GET',
      url: '/admin/api-clients',
      permission,
      query: noticeQuery,
      handler: async ({ reply, query }) =>
        reply.page(
          `${views}/clients.njk`,
          clientsPage({ clients: await clients.list(), notice: query.done }),
        ),
    }),
    route({
      method: 'GET',
      url: '/admin/api-clients/new',
      permission,
      handler: async ({ request, reply }) => {
        // A client is given roles: confirm a code first, as for a new user.
        if (!(await requireFreshCode(request, reply, '/admin/api-clients/new'))) return reply;
        return showForm(reply, { values: {} });
      },
    }),
    route({
      method: 'POST',
      url: '/admin/api-clients',
      permission,
      body: formBody,
      handler: async ({ request, reply, body, actor }) => {
        const form = parseForm(clientCreateForm, body);
        const keyText = (body as { publicKey?: unknown }).publicKey;
        // The key is read even when other fields are wrong, so every error shows at once.
        const key =
          typeof keyText === 'string' && keyText.trim() ? await parsePublicJwk(keyText) : null;
        const keyError: [string, string][] = key && !key.ok ? [['publicKey', key.problem]] : [];
        if (!form.ok || !key?.ok) {
          const pairs = form.ok
            ? keyError
            : [
                ...form.errors.summary.map((e): [string, string] => [e.href.slice(1), e.text]),
                ...keyError,
              ];
          const values = form.ok ? { ...body, publicKey: keyText } : form.values;
          return showForm(reply, { values, errors: formErrors(pairs) });
        }
        if (!(await requireFreshCode(request, reply, '/admin/api-clients/new'))) return reply;
        const { assignments, ...rest } = form.data;
        const result = await clients.create(
          { ...rest, assignments, jwk: key.jwk, keyId: key.keyId },
          actor,
        );
        if (!result.ok) {
          const values = { ...rest, ...assignmentFields(assignments) };
          return showForm(reply, { values, errors: formErrors(result.errors) });
        }
        return reply.redirect(`/admin/api-clients/${result.clientId}?done=created`);
      },
    }),
    route({
      method: 'GET',
      url: '/admin/api-clients/:id',
      permission,
      params: idParams,
      query: noticeQuery,
      handler: async ({ request, reply, params, query }) => {
        const client = await clientOf(params.id);
        if (!client) return sendProblem(request, reply, 404);
        return reply.page(`${views}/client.njk`, clientPage({ client, notice: query.done }));
      },
    }),
    route({
      method: 'POST',
      url: '/admin/api-clients/:id/disable',
      permission,
      params: idParams,
      body: formBody,
      handler: async ({ request, reply, params, actor }) => {
        if (!(await clients.disable(params.id, actor))) return sendProblem(request, reply, 404);
        return reply.redirect(`/admin/api-clients/${params.id}?done=disabled`);
      },
    }),
  ];
}
