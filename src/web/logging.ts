import type { FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * Structured logs carry no personal data: no bodies, no query strings (a search could hold a
 * name), no cookies or authorisation headers.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'cicero' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.body',
        'body',
        '*.password',
        '*.totp',
      ],
      censor: '[redacted]',
    },
  };
}

/** One line per request, at completion, with the request id and the route pattern only. */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });
}
