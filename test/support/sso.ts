import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';
import { signInOverHttp } from './oidc-provider.ts';

export const cookieOf = (h: string | string[] | undefined): string =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

export const csrfOf = (body: string): string =>
  /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

/** A form body as a browser sends it (repeated names for several values). */
export function form(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body.toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * Signs in through a provider over HTTP (the app is injected, the provider is real): the
 * sign-in page, the start, the provider's pages as `subject`, then the callback. Returns the
 * callback's answer and, when it signed in, the session's cookie and CSRF token.
 */
export async function ssoSignIn(t: TestApp, providerId: string, subject: string) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  const anonymous = cookieOf(page.headers['set-cookie']);
  const start = await t.app.inject({
    method: 'POST',
    url: `/sign-in/sso/${providerId}`,
    headers: { cookie: anonymous, ...FORM },
    payload: form({ _csrf: csrfOf(page.body) }),
  });
  assert.equal(start.statusCode, 303, start.body);
  const back = await signInOverHttp(String(start.headers.location), subject);
  const callback = await t.app.inject({
    method: 'GET',
    url: back,
    headers: { cookie: anonymous },
  });
  const cookie = cookieOf(callback.headers['set-cookie']);
  let csrf = '';
  if (cookie) {
    const home = await t.app.inject({ method: 'GET', url: '/home', headers: { cookie } });
    csrf = csrfOf(home.body);
  }
  return { callback, cookie, csrf, authorizationUrl: String(start.headers.location) };
}
