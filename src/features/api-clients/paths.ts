/** The JSON API's paths (docs/api.md). Imports nothing: the session guard reads it too. */
export const API_PREFIX = '/api/v1/';

/** The OAuth 2.0 token endpoint (RFC 6749 §3.2): the audience of every client assertion. */
export const TOKEN_PATH = '/api/v1/token';

/**
 * A request to the JSON API. No cookie is read on these paths: they are authenticated by a
 * bearer token or not at all, so a browser's session can never be ridden into them (which is
 * why CSRF does not apply there).
 */
export function isApiPath(url: string): boolean {
  return url.startsWith(API_PREFIX) || url.split(/[?#]/, 1)[0] === API_PREFIX.slice(0, -1);
}
