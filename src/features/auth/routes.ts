import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Config } from '../../config.ts';
import type { Clock } from '../../domain/clock.ts';
import { CODE_FAILED, LOCKED_OUT, SIGN_IN_FAILED } from '../../domain/sign-in-throttle.ts';
import { formErrors, parseForm } from '../../web/forms.ts';
import { publicRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import { formBody } from './form-body.ts';
import { sessionAdvancer } from './advance.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';
import { codeForm, signInForm, termsForm } from './forms.ts';
import { codePage, enrolPage, signInPage, termsPage } from './presenter.ts';
import type { PasskeyService } from '../passkeys/service.ts';
import { PASSKEY_FAILED, passkeyAnswer } from '../passkeys/second-factor.ts';
import type { AuditActor } from '../audit/record.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { SignInService } from './service.ts';
import type { SessionState } from './principal.ts';
import type { SessionStore } from './sessions.ts';
import { newTotpSecret, totpUri } from './totp.ts';

const views = 'features/auth/views';

export interface AuthRouteDeps {
  config: Config;
  clock: Clock;
  sessions: SessionStore;
  signIn: SignInService;
  /** Demo mode: the demo accounts to list on the sign-in page. */
  demoAccounts: () => Promise<{ email: string; roles: string; hub: string }[]>;
  providers: { id: string; name: string }[];
  userEmail: (userId: string) => Promise<string | undefined>;
  /** Passkeys, which a user may use instead of a security code. */
  passkeys?: PasskeyService;
}

/** Local sign-in (password, then TOTP), enrolment, terms of use, sign-out, step-up. */
export function authRoutes(deps: AuthRouteDeps): RouteDeclaration[] {
  const { config, sessions, signIn } = deps;

  const advance = sessionAdvancer({ config, sessions });

  /** The sign-in form needs a session to carry its CSRF token. */
  async function ensureSession(request: FastifyRequest, reply: FastifyReply) {
    if (request.session) return request.session;
    const { cookieToken, session } = await sessions.create({ userId: null, stage: 'anonymous' });
    setSessionCookie(reply, config, cookieToken);
    request.session = session;
    request.viewLocals.csrfToken = session.csrfToken;
    return session;
  }

  /** The second factor a code form sends: a passkey's answer when it carries one, else the code. */
  async function secondFactor(
    request: FastifyRequest,
    input: { body: unknown; userId: string; actor: AuditActor; purpose: 'sign-in' | 'step-up' },
  ): Promise<{ ok: true; termsAccepted: boolean } | { ok: false; errors: FormErrors }> {
    const passkey = deps.passkeys ? passkeyAnswer(input.body) : null;
    if (passkey && deps.passkeys) {
      const result = await deps.passkeys.verify(request, { ...input, response: passkey });
      if (result.ok) return { ok: true, termsAccepted: result.termsAccepted };
      const message = result.reason === 'locked' ? LOCKED_OUT : PASSKEY_FAILED;
      return { ok: false, errors: formErrors([['code', message]]) };
    }
    const form = parseForm(codeForm, input.body);
    if (!form.ok) return { ok: false, errors: form.errors };
    const checked = await signIn.checkCode({ ...input, code: form.data.code });
    if (!checked.ok)
      return {
        ok: false,
        errors: formErrors([['code', checked.reason === 'locked' ? LOCKED_OUT : CODE_FAILED]]),
      };
    return { ok: true, termsAccepted: checked.termsAccepted };
  }

  const atStage = (request: FastifyRequest, stage: SessionState['stage']) =>
    request.session?.stage === stage && request.session.userId ? request.session.userId : null;

  async function showSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Parameters<typeof signInPage>[0],
    status = 200,
  ) {
    return reply.page(
      `${views}/sign-in.njk`,
      signInPage({
        ...extra,
        demoAccounts: config.demo ? await deps.demoAccounts() : [],
        providers: deps.providers,
      }),
      status,
    );
  }

  async function enrolModel(
    secret: string,
    userId: string,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const email = (await deps.userEmail(userId)) ?? 'Cicero';
    const svg = await QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 1 });
    return enrolPage({
      secret,
      qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      errors,
    });
  }

  return [
    publicRoute({
      method: 'GET',
      url: '/sign-in',
      handler: async ({ request, reply }) => {
        if (request.principal) return reply.redirect('/home');
        await ensureSession(request, reply);
        return showSignIn(request, reply, {});
      },
    }),
    publicRoute({
      method: 'POST',
      url: '/sign-in',
      body: formBody,
      handler: async ({ request, reply, body, actor }) => {
        const form = parseForm(signInForm, body);
        if (!form.ok)
          return showSignIn(request, reply, { values: form.values, errors: form.errors }, 400);
        const result = await signIn.checkPassword({
          email: form.data.email,
          password: form.data.password,
          address: request.ip,
          actor: actor,
        });
        if (!result.ok) {
          const message = result.reason === 'locked' ? LOCKED_OUT : SIGN_IN_FAILED;
          return showSignIn(
            request,
            reply,
            { values: form.data, errors: formErrors([['email', message]]) },
            400,
          );
        }
        return advance(request, reply, result.userId, result.enrolled ? 'password' : 'enrol');
      },
    }),
    publicRoute({
      method: 'GET',
      url: '/sign-in/code',
      handler: ({ request, reply }) =>
        atStage(request, 'password')
          ? reply.page(`${views}/code.njk`, codePage({ purpose: 'sign-in' }))
          : reply.redirect('/sign-in'),
    }),
    publicRoute({
      method: 'POST',
      url: '/sign-in/code',
      body: formBody,
      handler: async ({ request, reply, body, actor }) => {
        const userId = atStage(request, 'password');
        if (!userId) return reply.redirect('/sign-in');
        const checked = await secondFactor(request, { body, userId, actor, purpose: 'sign-in' });
        if (!checked.ok)
          return reply.page(
            `${views}/code.njk`,
            codePage({ purpose: 'sign-in', errors: checked.errors }),
            400,
          );
        return advance(request, reply, userId, checked.termsAccepted ? 'active' : 'terms');
      },
    }),
    publicRoute({
      method: 'GET',
      url: '/sign-in/enrol',
      handler: async ({ request, reply }) => {
        const userId = atStage(request, 'enrol');
        if (!userId || !request.session) return reply.redirect('/sign-in');
        // The secret waits in the session until a code proves the app has it.
        const secret = request.session.data.pendingTotpSecret ?? newTotpSecret();
        if (!request.session.data.pendingTotpSecret) {
          await sessions.update(request.session.id, {
            data: { ...request.session.data, pendingTotpSecret: secret },
          });
        }
        return reply.page(`${views}/enrol.njk`, await enrolModel(secret, userId));
      },
    }),
    publicRoute({
      method: 'POST',
      url: '/sign-in/enrol',
      body: formBody,
      handler: async ({ request, reply, body, actor }) => {
        const userId = atStage(request, 'enrol');
        const secret = request.session?.data.pendingTotpSecret;
        if (!userId || !secret) return reply.redirect('/sign-in');
        const form = parseForm(codeForm, body);
        if (!form.ok)
          return reply.page(
            `${views}/enrol.njk`,
            await enrolModel(secret, userId, form.errors),
            400,
          );
        const result = await signIn.checkCode({
          userId,
          code: form.data.code,
          enrolSecret: secret,
          actor: actor,
          purpose: 'enrol',
        });
        if (!result.ok) {
          const message = result.reason === 'locked' ? LOCKED_OUT : CODE_FAILED;
          return reply.page(
            `${views}/enrol.njk`,
            await enrolModel(secret, userId, formErrors([['code', message]])),
            400,
          );
        }
        return advance(request, reply, userId, result.termsAccepted ? 'active' : 'terms');
      },
    }),
    publicRoute({
      method: 'GET',
      url: '/sign-in/terms',
      handler: ({ request, reply }) =>
        atStage(request, 'terms')
          ? reply.page(`${views}/terms.njk`, termsPage({}))
          : reply.redirect('/sign-in'),
    }),
    publicRoute({
      method: 'POST',
      url: '/sign-in/terms',
      body: formBody,
      handler: async ({ request, reply, body, actor }) => {
        const userId = atStage(request, 'terms');
        if (!userId) return reply.redirect('/sign-in');
        const form = parseForm(termsForm, body);
        if (!form.ok)
          return reply.page(`${views}/terms.njk`, termsPage({ errors: form.errors }), 400);
        await signIn.acceptTerms(userId, actor);
        return advance(request, reply, userId, 'active');
      },
    }),
    publicRoute({
      method: 'POST',
      url: '/sign-out',
      body: formBody,
      handler: async ({ request, reply, actor }) => {
        const session = request.session;
        if (session) {
          await sessions.end(session.id);
          if (session.userId) await signIn.recordSignOut(session.userId, actor);
        }
        clearSessionCookie(reply, config);
        return reply.page(`${views}/signed-out.njk`, { title: 'You have signed out' });
      },
    }),
    route({
      method: 'GET',
      url: '/confirm-code',
      permission: 'account.use',
      handler: ({ reply }) => reply.page(`${views}/code.njk`, codePage({ purpose: 'step-up' })),
    }),
    route({
      method: 'POST',
      url: '/confirm-code',
      permission: 'account.use',
      body: formBody,
      handler: async ({ request, reply, body, actor, principal }) => {
        const p = principal;
        const checked = await secondFactor(request, {
          body,
          userId: p.userId,
          actor,
          purpose: 'step-up',
        });
        if (!checked.ok)
          return reply.page(
            `${views}/code.njk`,
            codePage({ purpose: 'step-up', errors: checked.errors }),
            400,
          );
        const returnTo = request.session!.data.returnTo ?? '/home';
        await sessions.update(p.sessionId, {
          stepUpAt: deps.clock.now(),
          data: { ...request.session!.data, returnTo: undefined },
        });
        return reply.redirect(returnTo);
      },
    }),
  ];
}
