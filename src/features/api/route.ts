import type { HTTPMethods } from 'fastify';
import type { z } from 'zod';
import type { ApiScope } from '../../domain/api-scopes.ts';
import type { Permission } from '../../domain/permissions.ts';
import {
  caseRoute,
  route,
  type Access,
  type ApiDoc,
  type CaseNeed,
  type CaseRouteContext,
  type RouteContext,
  type RouteDeclaration,
} from '../../web/routes.ts';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export const API_PREFIX = '/api/v1/';

/** A successful answer of an API operation, as the OpenAPI document shows it. */
export interface ApiResponseDoc {
  status?: number;
  description: string;
  schema?: Schema;
  /** Another media type than application/json (e.g. application/fhir+json). */
  type?: string;
  example: unknown;
}

interface ApiSpec<P, Q, B> {
  method: HTTPMethods;
  /** Under /api/v1/, with `:caseId` for a case's routes. */
  url: string;
  permission: Permission;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  bodyLimit?: number;
  summary: string;
  description?: string;
  tag: string;
  response: ApiResponseDoc;
  /** Other answers the operation gives (problem+json), besides the ones every route may give. */
  errors?: number[];
  headers?: ApiDoc['headers'];
  /** What a client sends: path parameters, query and body. */
  example: ApiDoc['example'];
}

function docOf(spec: ApiSpec<Schema, Schema, Schema>): ApiDoc {
  const { response } = spec;
  return {
    summary: spec.summary,
    tag: spec.tag,
    scope: spec.scope,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    responses: {
      [response.status ?? 200]: {
        description: response.description,
        example: response.example,
        ...(response.schema ? { schema: response.schema } : {}),
        ...(response.type ? { type: response.type } : {}),
      },
    },
    ...(spec.errors ? { errors: spec.errors } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
    example: spec.example,
  };
}

function checked<P, Q, B>(spec: ApiSpec<P, Q, B>): void {
  if (!spec.url.startsWith(API_PREFIX)) {
    throw new Error(`API route ${spec.url} must be under ${API_PREFIX}`);
  }
}

/**
 * An API route: a `route` (or a `caseRoute` when it names what it needs of the case of
 * `:caseId`) whose bearer token must carry `scope` (checked by the bearer guard) and whose
 * principal's roles must grant `permission` (checked by the route guard and the access core,
 * exactly as for pages), with its description for the OpenAPI document.
 */
export function apiRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: ApiSpec<P, Q, B> & {
    needs?: undefined;
    handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => unknown;
  },
): RouteDeclaration;
export function apiRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: ApiSpec<P, Q, B> & {
    needs: CaseNeed;
    handler: (ctx: CaseRouteContext<Out<P>, Out<Q>, Out<B>>) => unknown;
  },
): RouteDeclaration;
export function apiRoute(
  spec: ApiSpec<Schema, Schema, Schema> & {
    needs?: CaseNeed;
    handler: (ctx: never) => unknown;
  },
): RouteDeclaration {
  checked(spec);
  const base = {
    method: spec.method,
    url: spec.url,
    permission: spec.permission,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
  };
  const declared = spec.needs
    ? caseRoute({ ...base, needs: spec.needs, handler: spec.handler as (ctx: unknown) => unknown })
    : route({ ...base, handler: spec.handler as (ctx: unknown) => unknown });
  const access = { permission: spec.permission, scope: spec.scope } as Access;
  return { ...declared, access, doc: docOf(spec) };
}
