import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** The database server's own SQLSTATEs for "shutting down" and "no connection". */
const databaseStates = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Socket failures: the database's only when the driver's own socket call failed. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * The client of this request went away (it closed the connection, or its body stopped
 * mid-way): Node reports that as ECONNRESET "aborted" or a premature close, with no system call.
 */
export function isClientGone(error: unknown, request?: FastifyRequest): boolean {
  if (request?.raw.socket?.destroyed === true) return true;
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (syscall !== undefined) return false;
  return (
    (code === 'ECONNRESET' && error.message === 'aborted') ||
    code === 'ECONNABORTED' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE'
  );
}

/**
 * Only the database's own failures: its SQLSTATEs, the pg driver's failed socket calls
 * (ECONNREFUSED on connect, ECONNRESET on read, each with the syscall that failed), the pg
 * pool's and PGlite's messages. A client that drops mid-request is not a database outage.
 */
export function isDatabaseUnavailable(error: unknown, request?: FastifyRequest): boolean {
  if (!(error instanceof Error)) return false;
  if (isClientGone(error, request)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string' && databaseStates.has(code)) return true;
  if (typeof code === 'string' && socketCodes.has(code) && typeof syscall === 'string') return true;
  return /Connection terminated|timeout exceeded when trying to connect|not queryable|PGlite is closed/i.test(
    error.message,
  );
}

/** API clients get problem+json; people get GOV.UK error pages. */
export function wantsJson(request: FastifyRequest): boolean {
  const url = request.url;
  return url.startsWith('/api/') || url.startsWith('/health/');
}

const titles: Record<number, string> = {
  400: 'Bad request',
  403: 'You do not have permission to view this page',
  404: 'Page not found',
  409: 'Conflict',
  422: 'Unprocessable content',
  413: 'Request too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

const templates: Record<number, string> = {
  403: 'web/views/errors/403.njk',
  404: 'web/views/errors/404.njk',
  503: 'web/views/errors/503.njk',
};

/** Sends an error page or problem+json. Never includes the error's message or stack. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
): FastifyReply {
  const title = titles[status] ?? (status >= 500 ? titles[500]! : titles[400]!);
  if (status === 503) void reply.header('Retry-After', '5');
  if (wantsJson(request)) {
    return reply
      .code(status)
      .type('application/problem+json')
      .send({ type: 'about:blank', title, status, instance: request.id });
  }
  const template =
    templates[status] ?? (status >= 500 ? 'web/views/errors/500.njk' : 'web/views/errors/4xx.njk');
  // The reference to quote: the first 8 characters of the request id (every log line of the
  // request starts with it), short enough to read out; a whole UUID is not.
  const reference = request.id.slice(0, 8);
  return reply.page(template, { title, status, reference }, status);
}

/** The field a zod issue is about, as a form or a JSON body names it ("actions.0.due"). */
const fieldOf = (issue: z.core.$ZodIssue): string => issue.path.map(String).join('.') || 'body';

/**
 * Input that does not fit the route's schema: 400 with a GOV.UK error summary naming each
 * field, or problem+json (RFC 9457) with the fields under /api/. Messages are the schema's
 * own; the values sent are never echoed.
 */
export function sendInvalid(
  request: FastifyRequest,
  reply: FastifyReply,
  error: z.ZodError,
): FastifyReply {
  const errors = error.issues.slice(0, 20).map((issue) => ({
    field: fieldOf(issue),
    message: issue.message,
  }));
  if (wantsJson(request)) {
    return sendInvalidJson(request, reply, errors);
  }
  return reply.page(
    'web/views/errors/400.njk',
    {
      title: 'There is a problem with what was sent',
      status: 400,
      errorList: errors.map((e) => ({ text: `${e.field}: ${e.message}` })),
    },
    400,
  );
}

/**
 * problem+json (RFC 9457) for input the API refuses: 400 (or `status`), `errors` naming each
 * field at fault ("person.dateOfBirth") with the rule's message as its `detail`.
 */
export function sendInvalidJson(
  request: FastifyRequest,
  reply: FastifyReply,
  errors: { field: string; message: string }[],
  status = 400,
): FastifyReply {
  const fields = [...new Set(errors.map((e) => e.field))];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: titles[status] ?? titles[400],
      status,
      detail: `Check ${fields.length === 1 ? 'the field' : 'the fields'} ${fields.join(', ')}`,
      instance: request.id,
      errors: errors.map((e) => ({ field: e.field, detail: e.message, message: e.message })),
    });
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isClientGone(error, request)) {
      // Nobody is left to answer; not a fault of the service or the database.
      request.log.info({ err: { type: error.name, code: error.code } }, 'client went away');
      return sendProblem(request, reply, 400);
    }
    if (isDatabaseUnavailable(error, request)) {
      request.log.warn(
        { err: { code: (error as { code?: string }).code } },
        'database unavailable',
      );
      return sendProblem(request, reply, 503);
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status >= 500) {
      // The stack and the error's code only: driver messages can quote values.
      request.log.error(
        {
          err: {
            type: error.name,
            code: error.code,
            frames: error.stack?.split('\n').slice(1).join('\n'),
          },
        },
        'request failed',
      );
    } else {
      request.log.info({ err: { type: error.name, code: error.code } }, 'request refused');
    }
    return sendProblem(request, reply, status);
  });
}
