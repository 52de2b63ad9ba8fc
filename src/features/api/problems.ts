import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from '../../web/forms.ts';
import { sendInvalidJson } from '../../web/errors.ts';

/** The API client of a bearer request, as the bearer guard (src/features/api-clients) set it. */
export const apiClientOf = (request: FastifyRequest) => request.apiClient ?? null;

/** A form's errors (keyed by the input's id) as the API names them: under `prefix`. */
export const issuesOfForm = (errors: FormErrors, prefix = '') =>
  errors.summary.map((s) => ({ field: `${prefix}${s.href.slice(1)}`, message: s.text }));

/** problem+json for an answer that is not an input error: a conflict, a refused change. */
export function sendApiProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; title: string; detail: string; extra?: Record<string, unknown> },
): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: request.id,
      ...problem.extra,
    });
}

export { sendInvalidJson };
