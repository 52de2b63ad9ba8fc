import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.ts';
import { CODE_FAILED, LOCKED_OUT } from '../../domain/sign-in-throttle.ts';
import { formErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import type { PasskeyService } from '../passkeys/service.ts';
import { PASSKEY_FAILED, passkeyAnswer, STEP_UP_PASSKEY_FIELD } from '../passkeys/second-factor.ts';
import { actorFor } from './actor.ts';
import { codeForm } from './forms.ts';
import { codePage } from './presenter.ts';
import type { signInService } from './service.ts';
import type { SessionStore } from './sessions.ts';

/** A sensitive action needs a second factor confirmed within this many minutes. */
export const STEP_UP_MINUTES = 5;

export function isFreshlyConfirmed(stepUpAt: Date | null, now: Date): boolean {
  return stepUpAt !== null && now.getTime() - stepUpAt.getTime() <= STEP_UP_MINUTES * 60_000;
}

const CODE_PAGE = 'features/auth/views/code.njk';
/** The field that carries a fresh code with the action it confirms. */
export const STEP_UP_FIELD = 'stepUpCode';

/** The answers of the form being confirmed, carried through the code page unchanged. */
function carriedFields(request: FastifyRequest): { name: string; value: string }[] {
  const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
  return Object.entries(body as Record<string, unknown>)
    .filter(
      ([name, value]) =>
        name !== '_csrf' &&
        name !== STEP_UP_FIELD &&
        name !== STEP_UP_PASSKEY_FIELD &&
        value !== undefined,
    )
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((v): v is string => typeof v === 'string')
        .map((v) => ({ name, value: v })),
    );
}

/** The code page for an action: its form sends the code with the action's own answers. */
function showCodeForAction(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
  return reply.page(
    CODE_PAGE,
    {
      ...codePage({ purpose: 'step-up', ...(errors ? { errors } : {}) }),
      action: request.url.split('?')[0],
      codeField: STEP_UP_FIELD,
      carried: carriedFields(request),
    },
    errors ? 400 : 200,
  );
}

/**
 * Step-up for sensitive actions (role changes, disclosures without consent, identifiable
 * exports). Returns true when the user confirmed a code within the last few minutes. Otherwise
 * it answers for the caller and returns false: for a form sent (POST), the code page, whose
 * form sends the code together with the same answers to the same action, which then completes
 * (see registerStepUpCheck); for a page (GET), the code page at /confirm-code, then back to
 * `returnTo` (a path of ids only).
 */
export function stepUp(
  sessions: SessionStore,
  clock: Clock,
  /** Single sign-on users confirm at their provider instead (oidc/step-up.ts). */
  sso?: {
    handles(request: FastifyRequest): boolean;
    start(request: FastifyRequest, reply: FastifyReply, returnTo: string): Promise<unknown>;
  },
) {
  return async function requireFreshCode(
    request: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
  ): Promise<boolean> {
    const session = request.session;
    if (session && isFreshlyConfirmed(session.stepUpAt, clock.now())) return true;
    if (sso?.handles(request)) {
      await sso.start(request, reply, returnTo);
      return false;
    }
    if (request.method === 'POST') {
      await showCodeForAction(request, reply);
      return false;
    }
    if (session) await sessions.update(session.id, { data: { ...session.data, returnTo } });
    await reply.redirect('/confirm-code');
    return false;
  };
}

export type RequireFreshCode = ReturnType<typeof stepUp>;

/**
 * Checks a code sent with an action (the `stepUpCode` field, from the code page above) before
 * the action's handler runs, after the guard has checked the CSRF token and the permission. A
 * right code marks the session freshly confirmed and the action goes ahead; a wrong one shows
 * the code page again with the error and the same answers, and nothing is done.
 */
export function registerStepUpCheck(
  app: FastifyInstance,
  deps: {
    sessions: SessionStore;
    clock: Clock;
    signIn: ReturnType<typeof signInService>;
    /** A passkey may stand in for the code (the `stepUpPasskey` field). */
    passkeys?: PasskeyService;
  },
): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || reply.sent) return;
    // A form's fields only: a body of another shape (text, a JSON string) carries no code.
    const body = request.body;
    if (typeof body !== 'object' || body === null || !(STEP_UP_FIELD in body)) return;
    const fields = body as Record<string, unknown>;
    const principal = request.principal;
    const session = request.session;
    if (!principal || !session) return;
    const passkey = deps.passkeys ? passkeyAnswer(fields, STEP_UP_PASSKEY_FIELD) : null;
    if (passkey && deps.passkeys) {
      const checked = await deps.passkeys.verify(request, {
        userId: principal.userId,
        response: passkey,
        actor: actorFor(request),
        purpose: 'step-up',
      });
      if (!checked.ok) {
        const message = checked.reason === 'locked' ? LOCKED_OUT : PASSKEY_FAILED;
        return showCodeForAction(request, reply, formErrors([['code', message]]));
      }
      const at = deps.clock.now();
      await deps.sessions.update(session.id, { stepUpAt: at });
      session.stepUpAt = at;
      delete fields[STEP_UP_FIELD];
      delete fields[STEP_UP_PASSKEY_FIELD];
      return;
    }
    const form = parseForm(codeForm, { code: fields[STEP_UP_FIELD] });
    if (!form.ok) return showCodeForAction(request, reply, form.errors);
    const result = await deps.signIn.checkCode({
      userId: principal.userId,
      code: form.data.code,
      actor: actorFor(request),
      purpose: 'step-up',
    });
    if (!result.ok) {
      const message = result.reason === 'locked' ? LOCKED_OUT : CODE_FAILED;
      return showCodeForAction(request, reply, formErrors([['code', message]]));
    }
    const now = deps.clock.now();
    await deps.sessions.update(session.id, { stepUpAt: now });
    session.stepUpAt = now;
    delete fields[STEP_UP_FIELD];
  });
}
