import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendProblem } from '../../web/errors.ts';
import type { FormErrors } from '../../web/forms.ts';
import { formErrors, parseForm } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { publicRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import type { AccountService } from '../account/service.ts';
import { formBody } from '../auth/form-body.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import type { PasswordResetService } from '../password-reset/service.ts';
import type { PasskeyService } from './service.ts';

const views = 'features/passkeys/views';
const permission = 'account.use' as const;

const newPasskeyForm = z.object({
  name: z
    .string({ error: 'Enter a name for the passkey' })
    .trim()
    .min(1, 'Enter a name for the passkey, like "Work laptop"')
    .max(60, 'The name must be 60 characters or fewer'),
  registration: z
    .string({ error: 'Create the passkey with your device first' })
    .min(1, 'Create the passkey with your device first')
    .max(20_000),
});

/**
 * Passkeys: the challenge a code page's script asks for (sign-in, step-up or a reset link), and
 * adding or removing one's own passkeys from the account page.
 */
export function passkeyRoutes(deps: {
  passkeys: PasskeyService;
  accounts: AccountService;
  resets: PasswordResetService;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { passkeys, accounts, resets, requireFreshCode } = deps;

  /** Whose second factor this browser is asked for now, if anyone's. */
  async function whoseFactor(request: FastifyRequest, body: Record<string, unknown>) {
    const session = request.session;
    if (session?.stage === 'password' && session.userId) return session.userId;
    if (request.principal) return request.principal.userId;
    if (typeof body.token === 'string') return (await resets.open(body.token))?.userId ?? null;
    return null;
  }

  async function newPasskeyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    name = '',
  ) {
    const p = request.principal!;
    const options = await passkeys.registrationOptions(request, {
      userId: p.userId,
      email: p.email,
      name: p.name,
    });
    return reply.page(
      `${views}/new.njk`,
      {
        title: 'Add a passkey',
        backLink: { href: '/account', text: 'Back' },
        options: options ? JSON.stringify(options) : null,
        name,
        errorSummary: errors?.summary ?? [],
        errors: errors?.byField ?? {},
      },
      errors ? 400 : 200,
    );
  }

  /** Passkeys stand beside a local password: a single sign-on account uses its provider's. */
  const mayHavePasskeys = async (userId: string) =>
    Boolean((await accounts.view(userId))?.localPassword);

  return [
    publicRoute({
      method: 'POST',
      url: '/passkeys/challenge',
      body: formBody,
      handler: async ({ request, reply, body }) => {
        const userId = await whoseFactor(request, body);
        const options = userId ? await passkeys.authenticationOptions(request, userId) : null;
        if (!options) return reply.code(204).send();
        return reply.type('application/json').send(options);
      },
    }),
    route({
      method: 'GET',
      url: '/account/passkeys/new',
      permission,
      handler: async ({ request, reply, principal }) => {
        if (!(await mayHavePasskeys(principal.userId))) return reply.redirect('/account');
        if (!(await requireFreshCode(request, reply, '/account/passkeys/new'))) return reply;
        return newPasskeyPage(request, reply);
      },
    }),
    route({
      method: 'POST',
      url: '/account/passkeys',
      permission,
      body: formBody,
      handler: async ({ request, reply, principal, body, actor }) => {
        if (!(await mayHavePasskeys(principal.userId))) return reply.redirect('/account');
        if (!(await requireFreshCode(request, reply, '/account/passkeys/new'))) return reply;
        const form = parseForm(newPasskeyForm, body);
        const name = typeof body.name === 'string' ? body.name : '';
        if (!form.ok) return newPasskeyPage(request, reply, form.errors, name);
        const added = await passkeys.register(request, {
          userId: principal.userId,
          name: form.data.name,
          response: form.data.registration,
          actor,
        });
        if (!added)
          return newPasskeyPage(
            request,
            reply,
            formErrors([['registration', 'The passkey could not be added. Try again']]),
            name,
          );
        return reply.redirect('/account?done=passkey-added');
      },
    }),
    route({
      method: 'POST',
      url: '/account/passkeys/:id/remove',
      permission,
      params: z.object({ id: uuid }),
      body: formBody,
      handler: async ({ request, reply, principal, params, actor }) => {
        const removed = await passkeys.remove(principal.userId, params.id, actor);
        if (!removed) return sendProblem(request, reply, 404);
        return reply.redirect('/account?done=passkey-removed');
      },
    }),
  ];
}
