import { z } from 'zod';

/**
 * The success banner a page shows after a save (GOV.UK notification banner, success): the save
 * redirects to the next page with `?done=<code>`, and the page looks the code up in its own
 * list. A code, never data: nothing personal reaches a URL, and an unknown code shows nothing.
 */
export type Notices = Readonly<Record<string, string>>;

/** The query of a page that may show a notice; other parameters are left to the page. */
export const noticeQuery = z.looseObject({ done: z.unknown().optional() });

/** The notice for `?done=`, or null. */
export function savedNotice(notices: Notices, done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done]! : null;
}

/** The next page with its notice code. */
export const withNotice = (path: string, code: string, fragment = ''): string =>
  `${path}?done=${encodeURIComponent(code)}${fragment ? `#${fragment}` : ''}`;
