import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { Clock } from '../../domain/clock.ts';
import { formErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { noticeQuery, savedNotice } from '../../web/notices.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/cookies.ts';
import { formBody } from '../auth/form-body.ts';
import { isFreshlyConfirmed, type RequireFreshCode } from '../auth/step-up.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { changePasswordForm } from './forms.ts';
import { accountPage, ACCOUNT_NOTICES } from './presenter.ts';
import type { AccountService } from './service.ts';

const views = 'features/account/views';
const permission = 'account.use' as const;

/** The fields of the password form: never written back into a page (step-up carries none). */
const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'];

/** The signed-in user's own account: password, passkeys, sessions. */
export function accountRoutes(deps: {
  config: Config;
  clock: Clock;
  sessions: SessionStore;
  accounts: AccountService;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { config, clock, sessions, accounts, requireFreshCode } = deps;

  const passwordPage = (reply: FastifyReply, errors?: FormErrors) =>
    reply.page(
      `${views}/change-password.njk`,
      {
        title: 'Change your password',
        backLink: { href: '/account', text: 'Back' },
        errorSummary: errors?.summary ?? [],
        errors: errors?.byField ?? {},
      },
      errors ? 400 : 200,
    );

  /** A single sign-on account has no Cicero password: said plainly, and nothing to change. */
  const noPassword = (reply: FastifyReply) =>
    reply.page(
      `${views}/no-password.njk`,
      {
        title: 'Your account has no Cicero password',
        backLink: { href: '/account', text: 'Back' },
      },
      403,
    );

  /** Whether the account has a Cicero password (a single sign-on account has none). */
  const hasLocalPassword = async (userId: string) =>
    Boolean((await accounts.view(userId))?.localPassword);

  return [
    route({
      method: 'GET',
      url: '/account',
      permission,
      query: noticeQuery,
      handler: async ({ reply, principal, query }) => {
        const view = await accounts.view(principal.userId);
        if (!view) return reply.redirect('/sign-in');
        return reply.page(
          `${views}/account.njk`,
          accountPage(view, savedNotice(ACCOUNT_NOTICES, query.done)),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/account/password',
      permission,
      handler: async ({ request, reply, principal }) => {
        if (!(await hasLocalPassword(principal.userId))) return noPassword(reply);
        if (!(await requireFreshCode(request, reply, '/account/password'))) return reply;
        return passwordPage(reply);
      },
    }),
    route({
      method: 'POST',
      url: '/account/password',
      permission,
      body: formBody,
      handler: async ({ request, reply, principal, body, actor }) => {
        if (!(await hasLocalPassword(principal.userId))) return noPassword(reply);
        if (!isFreshlyConfirmed(request.session!.stepUpAt, clock.now())) {
          // The code page carries a form's answers: passwords are dropped, never put in a page.
          const sent = request.body as Record<string, unknown>;
          for (const field of PASSWORD_FIELDS) delete sent[field];
          await requireFreshCode(request, reply, '/account/password');
          return reply;
        }
        const form = parseForm(changePasswordForm, body);
        if (!form.ok) return passwordPage(reply, form.errors);
        const result = await accounts.changePassword({
          userId: principal.userId,
          currentPassword: form.data.currentPassword,
          newPassword: form.data.newPassword,
          actor,
        });
        if (!result.ok) {
          if (result.reason === 'no-password') return noPassword(reply);
          return passwordPage(
            reply,
            formErrors([['currentPassword', 'Your current password is not right']]),
          );
        }
        // Every session ended with the change; this browser carries on in a new one.
        const { cookieToken } = await sessions.create({
          userId: principal.userId,
          stage: 'active',
        });
        setSessionCookie(reply, config, cookieToken);
        return reply.redirect('/account?done=password-changed');
      },
    }),
    route({
      method: 'POST',
      url: '/account/sign-out-everywhere',
      permission,
      body: formBody,
      handler: async ({ reply, principal, actor, body }) => {
        // The button's own answer: a form sent without it (a crawler's empty POST) ends nothing.
        if (body.everywhere !== 'yes') {
          const view = await accounts.view(principal.userId);
          if (!view) return reply.redirect('/sign-in');
          const errors = formErrors([
            ['sign-out-everywhere', 'Choose “Sign out of all devices” to end every session'],
          ]);
          return reply.page(`${views}/account.njk`, accountPage(view, null, errors), 400);
        }
        await accounts.signOutEverywhere(principal.userId, actor);
        clearSessionCookie(reply, config);
        return reply.page(`${views}/signed-out-everywhere.njk`, {
          title: 'You have signed out of all devices',
        });
      },
    }),
  ];
}
