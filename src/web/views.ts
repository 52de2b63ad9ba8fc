import { join } from 'node:path';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { mojDate } from './moj-date.ts';

const root = join(import.meta.dirname, '..', '..');

/** Nunjucks with autoescape on, finding our templates and the GOV.UK and MoJ macros. */
export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(
    [
      join(root, 'src'),
      join(root, 'node_modules', 'govuk-frontend', 'dist'),
      join(root, 'node_modules', '@ministryofjustice', 'frontend'),
    ],
    { watch: options.watch ?? false, noCache: false },
  );
  const env = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  // The MoJ timeline macro formats its dates with this filter.
  env.addFilter('mojDate', mojDate);
  env.addFilter('trim', trim);
  return env;
}

/**
 * Nunjucks' own `trim` filter is `replace(/^\s*|\s*$/g, '')`, which takes quadratic time on a
 * long run of whitespace inside a value: the GOV.UK macros trim what they render, so a form field
 * of 100,000 new lines sent back to its page held the event loop for about a minute. This one is
 * linear (String.prototype.trim strips the same characters) and keeps a safe string safe.
 */
export function trim(value: unknown): unknown {
  // As nunjucks does: a SafeString, a number or any value renders through its own toString.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const trimmed = String(value ?? '').trim();
  return value instanceof nunjucks.runtime.SafeString
    ? new nunjucks.runtime.SafeString(trimmed)
    : trimmed;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page template (autoescaped) with the request's view locals; default status 200. */
    page(template: string, model: object, status?: number): FastifyReply;
  }
  interface FastifyRequest {
    /** What the layout needs besides the page's own model: hooks add to it (user, CSRF token). */
    viewLocals: Record<string, unknown>;
  }
}

export function registerViews(
  app: FastifyInstance,
  env: nunjucks.Environment,
  globals: Record<string, unknown>,
): void {
  app.decorateRequest('viewLocals', null as unknown as Record<string, unknown>);
  app.addHook('onRequest', (request, _reply, done) => {
    request.viewLocals = {};
    done();
  });
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, model: object, status = 200) {
      const html = env.render(template, {
        ...globals,
        cspNonce: this.cspNonce?.script,
        currentPath: this.request.routeOptions.url,
        ...this.request.viewLocals,
        ...model,
      });
      return this.code(status).type('text/html; charset=utf-8').send(html);
    },
  );
}
