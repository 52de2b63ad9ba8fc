import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { setSessionCookie } from './cookies.ts';
import { STAGE_PAGES } from './guard.ts';
import type { SsoLogin } from './oidc/pending.ts';
import type { SessionState } from './principal.ts';
import type { SessionStore } from './sessions.ts';

/**
 * Moves a sign-in to its next stage. Each step gets a new session id (no fixation); the old
 * session ends. Shared by local sign-in and single sign-on.
 */
export function sessionAdvancer(deps: { config: Config; sessions: SessionStore }) {
  return async function advance(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    /** The next stage; with single sign-on, how the user signed in (kept to the end). */
    next: SessionState['stage'] | { stage: SessionState['stage']; ssoLogin: SsoLogin },
  ) {
    const { stage, ssoLogin } =
      typeof next === 'string' ? { stage: next, ssoLogin: undefined } : next;
    const returnTo = request.session?.data.returnTo;
    const login =
      ssoLogin ?? (request.session?.userId === userId ? request.session.data.ssoLogin : undefined);
    if (request.session) await deps.sessions.end(request.session.id);
    const { cookieToken } = await deps.sessions.create({
      userId,
      stage,
      data: { ...(returnTo ? { returnTo } : {}), ...(login ? { ssoLogin: login } : {}) },
    });
    setSessionCookie(reply, deps.config, cookieToken);
    if (stage === 'active') return reply.redirect(returnTo ?? '/home');
    return reply.redirect(STAGE_PAGES[stage as keyof typeof STAGE_PAGES]);
  };
}
