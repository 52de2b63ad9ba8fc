import type { FastifyInstance } from 'fastify';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A body that is not what it says it is: 400, and nothing of it is stored. */
class UndecodableBody extends Error {
  statusCode = 400;
  code = 'FST_INVALID_FORM_BODY';
  constructor() {
    super('The form body is not valid UTF-8 URL-encoded text');
  }
}

const decode = (part: string): string => decodeURIComponent(part.replace(/\+/g, ' '));

/**
 * Parses an application/x-www-form-urlencoded body strictly: the bytes must be UTF-8 and every
 * percent-escape must decode to UTF-8, or the request is refused with 400. (Lenient parsers put
 * U+FFFD in place of what they cannot read, and that would be stored as if the person had
 * typed it.) A key given more than once becomes an array, as forms send checkboxes.
 */
export function parseFormBody(body: Buffer): Record<string, string | string[]> {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new UndecodableBody();
  }
  const fields: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decode(at === -1 ? pair : pair.slice(0, at));
      value = at === -1 ? '' : decode(pair.slice(at + 1));
    } catch {
      throw new UndecodableBody();
    }
    if (key === '__proto__') continue;
    const existing = fields[key];
    if (existing === undefined) fields[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else fields[key] = [existing, value];
  }
  return { ...fields };
}

export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (_request, body, done) => {
      try {
        done(null, parseFormBody(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
