import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { RESET_LINK_MINUTES, RESET_REFUSALS } from '../../domain/password-reset.ts';
import { CODE_FAILED, LOCKED_OUT } from '../../domain/sign-in-throttle.ts';
import { sendProblem } from '../../web/errors.ts';
import { formErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { formatTime } from '../../web/format.ts';
import { uuid } from '../../web/ids.ts';
import { publicRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import { matchingPasswords, newPasswordFields } from '../account/forms.ts';
import { setSessionCookie } from '../auth/cookies.ts';
import { formBody } from '../auth/form-body.ts';
import { codeForm } from '../auth/forms.ts';
import type { SignInService } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import type { PasskeyService } from '../passkeys/service.ts';
import { PASSKEY_FAILED, passkeyAnswer } from '../passkeys/second-factor.ts';
import type { OpenReset, PasswordResetService } from './service.ts';

const views = 'features/password-reset/views';

const resetForm = z.object(newPasswordFields).superRefine(matchingPasswords);
/** Any text: a malformed token is answered like an unknown, used or expired one. */
const tokenParams = z.object({ token: z.string().max(200) });

/**
 * Password reset by an administrator: the admin's page issues a link (after a fresh code) and
 * shows it once; whoever opens it sets a new password with the user's second factor. The link
 * is the secret: its path is logged as the route pattern only, and pages send no referrer.
 */
export function passwordResetRoutes(deps: {
  config: Config;
  sessions: SessionStore;
  resets: PasswordResetService;
  signIn: SignInService;
  passkeys: PasskeyService;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { config, sessions, resets, signIn, passkeys, requireFreshCode } = deps;

  /** The one answer for an unknown, used or expired link: nothing tells which. */
  const gone = (reply: FastifyReply) =>
    reply.page(
      `${views}/link-gone.njk`,
      { title: 'This password reset link no longer works' },
      404,
    );

  function resetPage(reply: FastifyReply, token: string, reset: OpenReset, errors?: FormErrors) {
    return reply.page(
      `${views}/reset.njk`,
      {
        title: 'Choose a new password',
        resetToken: token,
        action: `/reset-password/${token}`,
        totp: reset.secondFactors.totp,
        errorSummary: errors?.summary ?? [],
        errors: errors?.byField ?? {},
      },
      errors ? 400 : 200,
    );
  }

  /** The form needs a session for its CSRF token, as the sign-in form does. */
  async function ensureSession(request: FastifyRequest, reply: FastifyReply) {
    if (request.session) return;
    const { cookieToken, session } = await sessions.create({ userId: null, stage: 'anonymous' });
    setSessionCookie(reply, config, cookieToken);
    request.session = session;
    request.viewLocals.csrfToken = session.csrfToken;
  }

  return [
    route({
      method: 'POST',
      url: '/admin/users/:id/password-reset',
      permission: 'users.manage',
      params: z.object({ id: uuid }),
      body: formBody,
      handler: async ({ request, reply, params, actor }) => {
        if (!(await requireFreshCode(request, reply, `/admin/users/${params.id}`))) return reply;
        const issued = await resets.issue(params.id, actor);
        if (!issued.ok) {
          if (issued.reason === 'not-found') return sendProblem(request, reply, 404);
          return reply.page(
            `${views}/refused.njk`,
            {
              title: 'A password reset link cannot be made',
              reason: RESET_REFUSALS[issued.reason],
              backLink: { href: `/admin/users/${params.id}`, text: 'Back' },
            },
            400,
          );
        }
        const origin = config.publicUrl ?? `${request.protocol}://${request.host}`;
        return reply.page(`${views}/issued.njk`, {
          title: 'Password reset link',
          link: `${origin}/reset-password/${issued.token}`,
          minutes: RESET_LINK_MINUTES,
          expiresAt: formatTime(issued.expiresAt),
          backLink: { href: `/admin/users/${params.id}`, text: 'Back' },
        });
      },
    }),
    publicRoute({
      method: 'GET',
      url: '/reset-password/:token',
      params: tokenParams,
      handler: async ({ request, reply, params }) => {
        const reset = await resets.open(params.token);
        if (!reset) return gone(reply);
        await ensureSession(request, reply);
        return resetPage(reply, params.token, reset);
      },
    }),
    publicRoute({
      method: 'POST',
      url: '/reset-password/:token',
      params: tokenParams,
      body: formBody,
      handler: async ({ request, reply, params, body, actor }) => {
        const reset = await resets.open(params.token);
        if (!reset) return gone(reply);
        const form = parseForm(resetForm, body);
        if (!form.ok) return resetPage(reply, params.token, reset, form.errors);
        const passkey = passkeyAnswer(body);
        const proof = passkey
          ? await passkeys.verify(request, {
              userId: reset.userId,
              response: passkey,
              actor,
              purpose: 'password-reset',
            })
          : await (async () => {
              const code = parseForm(codeForm, body);
              if (!code.ok) return code;
              return signIn.checkCode({
                userId: reset.userId,
                code: code.data.code,
                actor,
                purpose: 'password-reset',
              });
            })();
        if (!proof.ok) {
          const errors =
            'errors' in proof
              ? proof.errors
              : formErrors([
                  [
                    'code',
                    proof.reason === 'locked' ? LOCKED_OUT : passkey ? PASSKEY_FAILED : CODE_FAILED,
                  ],
                ]);
          return resetPage(reply, params.token, reset, errors);
        }
        if (!(await resets.complete({ id: reset.id, newPassword: form.data.newPassword, actor })))
          return gone(reply);
        return reply.page(`${views}/done.njk`, { title: 'Your password has been reset' });
      },
    }),
  ];
}
