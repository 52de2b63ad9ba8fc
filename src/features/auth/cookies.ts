import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';

/** `__Host-` binds the cookie to this exact origin when served over TLS. */
export const sessionCookieName = (config: Pick<Config, 'secureCookies'>) =>
  config.secureCookies ? '__Host-cicero_session' : 'cicero_session';

export function setSessionCookie(reply: FastifyReply, config: Config, cookieToken: string): void {
  void reply.setCookie(sessionCookieName(config), cookieToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    // A browser-session cookie: the server enforces idle and absolute timeouts.
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(sessionCookieName(config), { path: '/', secure: config.secureCookies });
}
