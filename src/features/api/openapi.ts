import { z } from 'zod';
import { API_SCOPES, type ApiScope } from '../../domain/api-scopes.ts';
import type { ApiDoc, RouteListing } from '../../web/routes.ts';
import { API_PREFIX } from './route.ts';

/**
 * The OpenAPI 3.1 document of the API, generated from the registered routes' declarations
 * (listRoutes): their paths, access (scope), zod schemas (z.toJSONSchema) and examples. Nothing
 * here describes one route by hand: a route added with apiRoute appears by itself.
 */

type Json = Record<string, unknown>;

export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'requests:write': 'Create support requests and add police updates (case officers)',
  'requests:read': "Read one's own requests: status, advice, released items, closure summary",
  'cases:read': 'List and read cases of the hub (clinicians)',
  'statistics:read': 'Read published, disclosure-controlled statistics (analysts)',
};

const PROBLEM = '#/components/responses/';
const ERROR_TEXT: Record<number, string> = {
  400: 'The request is invalid: `errors` names each field at fault',
  401: 'No bearer token, or an invalid or expired one',
  403: 'The token lacks the scope, or the principal the permission',
  404: 'Not found, or not visible to this principal (the same answer)',
  409: 'Conflict: see `detail`',
  422: 'The Idempotency-Key was used with another body',
  429: 'Too many requests from this client: wait for Retry-After seconds',
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Json;
  delete json.$schema;
  return json;
}

/** ':caseId' → '{caseId}'. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
const pathNames = (url: string) =>
  [...url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

const operationId = (method: string, url: string) =>
  method.toLowerCase() +
  url
    .slice(API_PREFIX.length)
    .split('/')
    .map((part) =>
      part.startsWith(':') ? `By${part.slice(1, 2).toUpperCase()}${part.slice(2)}` : part,
    )
    .map((part) =>
      part
        .split(/[-_.]/)
        .map((w) => w.slice(0, 1).toUpperCase() + w.slice(1))
        .join(''),
    )
    .join('');

function parameters(route: RouteListing, doc: ApiDoc | undefined, isPublic: boolean): Json[] {
  const list: Json[] = [];
  const params = doc?.params ? schemaOf(doc.params, 'input') : null;
  for (const name of pathNames(route.url)) {
    const schema = ((params?.properties as Json | undefined)?.[name] as Json) ?? { type: 'string' };
    const example = doc?.example.params?.[name];
    list.push({
      name,
      in: 'path',
      required: true,
      schema,
      ...(example !== undefined ? { example } : {}),
    });
  }
  if (doc?.query) {
    const query = schemaOf(doc.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Json | undefined) ?? {})) {
      const example = doc.example.query?.[name];
      list.push({
        name,
        in: 'query',
        required: required.has(name),
        schema,
        ...(example !== undefined ? { example } : {}),
      });
    }
  }
  for (const header of doc?.headers ?? []) {
    list.push({
      name: header.name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: { type: 'string' },
    });
  }
  if (!isPublic) {
    list.push({
      name: 'Cicero-Acting-User',
      in: 'header',
      required: false,
      description:
        "The user id of the person acting (a case officer), for clients trusted to name one: that user's own access then applies, and audit rows name both.",
      schema: { type: 'string', format: 'uuid' },
    });
  }
  return list;
}

function responses(route: RouteListing, doc: ApiDoc | undefined, isPublic: boolean): Json {
  const out: Json = {};
  const successes = doc?.responses ?? { 200: { description: 'Success' } };
  for (const [status, answer] of Object.entries(successes)) {
    out[status] = {
      description: answer.description,
      content: {
        [answer.type ?? 'application/json']: {
          schema: answer.schema ? schemaOf(answer.schema, 'output') : {},
          ...(answer.example !== undefined ? { example: answer.example } : {}),
        },
      },
    };
  }
  const errors = new Set<number>(doc?.errors ?? []);
  if (doc?.params || doc?.query || doc?.body) errors.add(400);
  if (pathNames(route.url).length > 0) errors.add(404);
  if (!isPublic) [401, 403, 429].forEach((s) => errors.add(s));
  // An operation that documents an error answer of its own (OAuth 2.0's) keeps it.
  for (const status of [...errors].sort()) out[String(status)] ??= { $ref: `${PROBLEM}${status}` };
  return out;
}

function operation(route: RouteListing): Json {
  const doc = route.doc;
  const isPublic = 'public' in route.access;
  const scope =
    doc?.scope ??
    ('scope' in route.access ? (route.access as { scope?: string }).scope : undefined);
  const op: Json = {
    operationId: operationId(route.method, route.url),
    summary: doc?.summary ?? `${route.method} ${route.url}`,
    ...(doc?.description ? { description: doc.description } : {}),
    tags: [doc?.tag ?? 'Other'],
    security: isPublic
      ? []
      : [{ clientCredentials: scope ? [scope] : [] }, { bearer: scope ? [scope] : [] }],
    ...(scope ? { 'x-scope': scope } : {}),
    parameters: parameters(route, doc, isPublic),
    responses: responses(route, doc, isPublic),
  };
  if (doc?.body) {
    op.requestBody = {
      required: true,
      content: {
        [doc.bodyType ?? 'application/json']: {
          schema: schemaOf(doc.body, 'input'),
          ...(doc.example.body !== undefined ? { example: doc.example.body } : {}),
        },
      },
    };
  }
  return op;
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request id, to quote to support' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'detail'],
        properties: { field: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};

function problemResponse(status: number): Json {
  return {
    description: ERROR_TEXT[status] ?? 'Error',
    ...(status === 429
      ? {
          headers: {
            'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' },
          },
        }
      : {}),
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        example: {
          type: 'about:blank',
          title: status === 400 ? 'Bad request' : (ERROR_TEXT[status] ?? 'Error'),
          status,
          instance: '0b8e4a52-3c9e-4a8f-9a51-6f1c0f4f3e21',
          ...(status === 400
            ? {
                errors: [
                  { field: 'person.dateOfBirth', detail: 'Date of birth must be in the past' },
                ],
              }
            : {}),
        },
      },
    },
  };
}

/** The document for the API routes among these (every route whose path is under /api/v1/). */
export function openApiDocument(routes: RouteListing[], info: { version: string }): Json {
  const paths: Record<string, Json> = {};
  const api = routes.filter((r) => r.url.startsWith(API_PREFIX));
  for (const route of api) {
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  const scopes = Object.fromEntries(API_SCOPES.map((s) => [s, SCOPE_DESCRIPTIONS[s]]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cicero API',
      version: info.version,
      summary: 'The JSON API of Cicero, the casework system of the Vulnerability Support Service',
      description:
        'Clients are service accounts. Get a bearer token at POST /api/v1/token with OAuth 2.0 client credentials and a signed JWT assertion (private_key_jwt), then send it as `Authorization: Bearer <token>`. Every call goes through the same access decisions as the pages and is audited. See docs/api.md.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(api.map((r) => r.doc?.tag ?? 'Other'))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      responses: Object.fromEntries(
        Object.keys(ERROR_TEXT).map((status) => [status, problemResponse(Number(status))]),
      ),
      securitySchemes: {
        clientCredentials: {
          type: 'oauth2',
          description:
            'Client credentials with a signed JWT assertion (private_key_jwt, RFC 7523): client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer.',
          flows: { clientCredentials: { tokenUrl: '/api/v1/token', scopes } },
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The access token from POST /api/v1/token',
        },
      },
    },
  };
}
