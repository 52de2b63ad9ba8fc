import type { FastifyInstance } from 'fastify';

/**
 * PostgreSQL text cannot hold the NUL character (U+0000): a value carrying one makes the
 * driver fail, which would be a server error for what is only odd input. No keyboard types it,
 * so it is removed from every string of a request's body and query before any handler sees it;
 * the rest of the value is kept as sent. Other control characters are valid text and stay.
 */
export function withoutNul(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withoutNul(item, depth + 1));
  const cleaned: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    cleaned[typeof key === 'string' ? key.replace(/\u0000/g, '') : key] = withoutNul(
      item,
      depth + 1,
    );
  }
  return cleaned;
}

export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body !== undefined && request.body !== null) {
      request.body = withoutNul(request.body);
    }
    if (request.query && typeof request.query === 'object') {
      request.query = withoutNul(request.query);
    }
    done();
  });
}
