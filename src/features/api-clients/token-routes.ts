import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { publicRoute, type RouteDeclaration } from '../../web/routes.ts';
import { TOKEN_PATH } from './paths.ts';
import type { TokenErrorCode, TokenService } from './token-service.ts';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A token request's parameters (RFC 6749 §4.4.2, RFC 7523 §2.2): each given once. */
export const tokenRequest = z.object({
  grant_type: z.string().max(100),
  client_assertion_type: z.string().max(200),
  client_assertion: z.string().min(1).max(8000),
  scope: z.string().max(500).optional(),
});

/** The answers, for the OpenAPI document. */
const tokenAnswer = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.int(),
  scope: z.string(),
});
const oauthErrorBody = z.object({ error: z.string(), error_description: z.string() });

/** An OAuth 2.0 error response (RFC 6749 §5.2): 401 for a client that failed, else 400. */
function oauthError(reply: FastifyReply, error: TokenErrorCode, description: string) {
  return reply
    .code(error === 'invalid_client' ? 401 : 400)
    .header('Pragma', 'no-cache')
    .type('application/json')
    .send({ error, error_description: description });
}

/**
 * The token endpoint's own URL, as clients must name it in an assertion's `aud`: PUBLIC_URL's.
 * Without it (development), the address the request was sent to; never in production, where the
 * Host header would let an assertion made for another server's token endpoint be replayed here.
 */
function audiences(config: Config, request: FastifyRequest): string[] {
  if (config.publicUrl) return [`${config.publicUrl}${TOKEN_PATH}`];
  if (config.nodeEnv === 'production') return [];
  return [`${request.protocol}://${request.host}${TOKEN_PATH}`];
}

/**
 * POST /api/v1/token: the OAuth 2.0 client credentials grant, the client authenticating with a
 * JWT signed by its private key (private_key_jwt). Public: the assertion is the credential.
 */
export function tokenRoutes(deps: { config: Config; tokens: TokenService }): RouteDeclaration[] {
  return [
    publicRoute({
      method: 'POST',
      url: TOKEN_PATH,
      // Its description in the OpenAPI document (src/features/api/openapi.ts): added by H2.
      doc: {
        summary: 'Get an access token (OAuth 2.0 client credentials, private_key_jwt)',
        description:
          'Send a JWT signed with the client’s private key (iss and sub: the client id; aud: this URL; a unique jti; exp within 5 minutes). The token lasts 10 minutes; `scope` may ask for fewer scopes than the client holds. Errors are OAuth 2.0’s (RFC 6749 §5.2), not problem+json.',
        tag: 'Authentication',
        body: tokenRequest,
        bodyType: 'application/x-www-form-urlencoded',
        responses: {
          200: {
            description: 'An access token',
            schema: tokenAnswer,
            example: {
              access_token: 'q2J5…(opaque)',
              token_type: 'Bearer',
              expires_in: 600,
              scope: 'requests:write requests:read',
            },
          },
          400: {
            description: 'A parameter is missing or wrong (OAuth 2.0 error)',
            schema: oauthErrorBody,
            example: {
              error: 'invalid_request',
              error_description: 'Send application/x-www-form-urlencoded',
            },
          },
          401: {
            description: 'The client or its assertion was not accepted (OAuth 2.0 error)',
            schema: oauthErrorBody,
            example: { error: 'invalid_client', error_description: 'The assertion is not valid' },
          },
        },
        example: {
          body: {
            grant_type: 'client_credentials',
            client_assertion_type: CLIENT_ASSERTION_TYPE,
            client_assertion:
              'eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.eyJpc3MiOiIuLi4ifQ.c2lnbmF0dXJl',
            scope: 'requests:write requests:read',
          },
        },
      },
      // Parsed here, so that every fault is answered as OAuth 2.0 says, not as problem+json.
      body: z.unknown(),
      handler: async ({ request, reply, body }) => {
        const type = request.headers['content-type']?.split(';', 1)[0]!.trim().toLowerCase();
        if (type !== 'application/x-www-form-urlencoded') {
          return oauthError(reply, 'invalid_request', 'Send application/x-www-form-urlencoded');
        }
        const params = tokenRequest.safeParse(body);
        if (!params.success) {
          return oauthError(
            reply,
            'invalid_request',
            'A required parameter is missing, repeated or too long',
          );
        }
        if (params.data.grant_type !== 'client_credentials') {
          return oauthError(
            reply,
            'unsupported_grant_type',
            'Only client_credentials is supported',
          );
        }
        if (params.data.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
          return oauthError(
            reply,
            'invalid_client',
            `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`,
          );
        }
        const result = await deps.tokens.exchange({
          assertion: params.data.client_assertion,
          scope: params.data.scope,
          audiences: audiences(deps.config, request),
          requestId: request.id,
        });
        if (!result.ok) return oauthError(reply, result.error, result.description);
        return reply.header('Pragma', 'no-cache').send({
          access_token: result.accessToken,
          token_type: 'Bearer',
          expires_in: result.expiresIn,
          scope: result.scopes.join(' '),
        });
      },
    }),
  ];
}
