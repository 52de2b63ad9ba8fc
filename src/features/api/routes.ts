import type { Kysely } from 'kysely';
import type { Reporting } from '../../db/reporting.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { publicRoute, type RouteDeclaration, type RouteListing } from '../../web/routes.ts';
import type { Option } from '../requests/options.ts';
import { apiDocsPage } from './docs-presenter.ts';
import { openApiDocument } from './openapi.ts';
import { apiCaseRoutes } from './routes-cases.ts';
import { apiRequestRoutes } from './routes-requests.ts';
import { apiStatisticsRoutes } from './routes-statistics.ts';

/** The version of the API's contract (the document's info.version). */
export const API_VERSION = '1.0.0';

export interface ApiRouteDeps {
  db: Kysely<DB>;
  clock: Clock;
  concernTypes: Option[];
  /** Whether statistics queries may run on several pooled connections (PostgreSQL). */
  parallel: boolean;
  /** The reporting replica statistics read from, when one is configured (src/db/reporting.ts). */
  reporting?: Reporting;
  /** The app's registered routes (listRoutes), read when the document is first asked for. */
  routes: () => RouteListing[];
}

/** The JSON API under /api/v1/ and its description (the token endpoint is api-clients'). */
export function apiRoutes(deps: ApiRouteDeps): RouteDeclaration[] {
  let document: Record<string, unknown> | null = null;
  const documentOf = () => (document ??= openApiDocument(deps.routes(), { version: API_VERSION }));
  return [
    ...apiRequestRoutes(deps),
    ...apiCaseRoutes(deps),
    ...apiStatisticsRoutes(deps),
    publicRoute({
      method: 'GET',
      url: '/api/v1/openapi.json',
      doc: {
        summary: 'This API described in OpenAPI 3.1',
        tag: 'About the API',
        responses: {
          200: {
            description: 'The OpenAPI document, generated from the routes',
            example: { openapi: '3.1.0', info: { title: 'Cicero API', version: API_VERSION } },
          },
        },
        example: {},
      },
      handler: ({ reply }) => reply.type('application/json').send(documentOf()),
    }),
    publicRoute({
      method: 'GET',
      url: '/api/v1/docs',
      doc: {
        summary: 'This API described for people',
        tag: 'About the API',
        responses: {
          200: {
            description: 'The reference page (HTML)',
            type: 'text/html',
            example: '<!DOCTYPE html><html lang="en">…</html>',
          },
        },
        example: {},
      },
      handler: ({ reply }) => reply.page('features/api/views/docs.njk', apiDocsPage(documentOf())),
    }),
  ];
}
