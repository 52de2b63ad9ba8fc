import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, importJWK } from 'jose';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
  issuer: string;
  /** Errors the provider hit while serving (a test asserts there were none). */
  errors: string[];
  /** What the next sign-ins at the provider put in the id token (set by a test). */
  login: { acr?: string; amr?: string[] };
  /** Claims of an account beyond `sub`, by subject (read by the userinfo endpoint). */
  accountClaims: Map<string, Record<string, unknown>>;
  /** Each sign-in page shown: the authorization request's parameters that asked for it. */
  loginPrompts: { prompt?: string; acrValues?: string; reasons: string[] }[];
  /** How each client authenticated at the token endpoint, in order. */
  clientAuth: { clientId: string; method: string }[];
  /** Sends a real logout token to the client's back-channel logout address. */
  backchannelLogout(clientId: string, subject: string, sid: string): Promise<void>;
  /** Signs a token with the provider's own key, for tests of tokens it would never send. */
  sign(claims: Record<string, unknown>, header?: { typ?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface TestClient {
  clientId: string;
  /** client_secret_basic; or give `jwks` for private_key_jwt. */
  clientSecret?: string;
  jwks?: { keys: JsonWebKey[] };
  redirectUri: string;
  backchannelLogoutUri?: string;
}

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** A port free on 127.0.0.1 now (so an app's public address is known before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

/** An RSA key pair as JWKs (private with `kid`), and its PKCS#8 PEM for Cicero's settings. */
export function testKeyPair(kid: string = randomUUID()) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return new URLSearchParams(text);
}

/**
 * A real OpenID Provider (oidc-provider) on 127.0.0.1 at a random port, with simple sign-in
 * and consent pages of its own: any login name signs in as the subject of that name, with the
 * acr and amr a test puts in `login` (none by default, like a provider that says nothing about
 * factors). It honours prompt=login and max_age, sends back-channel logout tokens, and accepts
 * client_secret_basic or private_key_jwt as each client is registered.
 */
export async function startTestIdentityProvider(
  clients: TestClient[],
): Promise<TestIdentityProvider> {
  // The issuer needs the port before the provider exists: listen first, attach it after.
  const server = createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const signing = testKeyPair('test-idp-key');
  const accountClaims = new Map<string, Record<string, unknown>>();
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...(c.jwks
        ? { token_endpoint_auth_method: 'private_key_jwt', jwks: c.jwks }
        : { token_endpoint_auth_method: 'client_secret_basic', client_secret: c.clientSecret }),
      ...(c.backchannelLogoutUri
        ? {
            backchannel_logout_uri: c.backchannelLogoutUri,
            backchannel_logout_session_required: true,
          }
        : {}),
    })),
    jwks: { keys: [signing.privateJwk] },
    // An account's other claims (CIS2's roles) come from userinfo only, as at CIS2.
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: (use) => ({ sub, ...(use === 'userinfo' ? accountClaims.get(sub) : {}) }),
    }),
    // acr and amr in every id token (not only when asked for by the claims parameter).
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'acr', 'amr'],
      selectedrole: ['selected_roleid'],
      nationalrbacaccess: ['nhsid_nrbac_roles'],
    },
    acrValues: ['AAL1_USERPASS', 'AAL3_ANY'],
    // Its guard against requests to special-use addresses would stop it reaching a relying
    // party on this machine (back-channel logout): everything here is on 127.0.0.1.
    fetch: (url, options) => {
      const rest: RequestInit & { dispatcher?: unknown } = { ...options };
      delete rest.dispatcher;
      return globalThis.fetch(url, rest);
    },
    pkce: { required: () => true },
    cookies: { keys: ['test-only-cookie-key-test-only-cookie-key'] },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  const errors: string[] = [];
  const clientAuth: TestIdentityProvider['clientAuth'] = [];
  const loginPrompts: TestIdentityProvider['loginPrompts'] = [];
  provider.on('server_error', (_ctx, error) => errors.push(String(error)));
  provider.on('backchannel.error', (_ctx, error) => errors.push(String(error)));
  provider.on('grant.success', (ctx) => {
    const client = ctx.oidc.client;
    if (client) {
      clientAuth.push({ clientId: client.clientId, method: String(client.clientAuthMethod) });
    }
  });
  const idp: TestIdentityProvider = {
    issuer,
    errors,
    login: {},
    accountClaims,
    loginPrompts,
    clientAuth,
    async backchannelLogout(clientId, subject, sid) {
      const client = await provider.Client.find(clientId);
      if (!client) throw new Error(`no client ${clientId}`);
      // oidc-provider's own sender (its types do not list it).
      const send = (
        client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }
      ).backchannelLogout.bind(client);
      await send(subject, sid);
    },
    async sign(claims, header = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: signing.kid, ...header })
        .sign(await importJWK(signing.privateJwk, 'RS256'));
    },
    close: () => closeServer(server),
  };

  const providerCallback = provider.callback();
  server.on('request', (request, response) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(request.url ?? '');
    if (!match) return providerCallback(request, response);
    interaction(request, response).catch((error: unknown) => {
      errors.push(String(error));
      response.statusCode = 500;
      response.end();
    });
  });

  async function interaction(request: IncomingMessage, response: ServerResponse) {
    const details = await provider.interactionDetails(request, response);
    const { prompt, params } = details;
    if (request.method === 'GET') {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      if (prompt.name === 'login') {
        loginPrompts.push({
          prompt: params.prompt as string | undefined,
          acrValues: params.acr_values as string | undefined,
          reasons: prompt.reasons,
        });
        return response.end(
          page(
            'Sign-in',
            `<form method="post" autocomplete="off"><input type="hidden" name="prompt" value="login">
<label>Login <input required type="text" name="login"></label>
<label>Password <input required type="password" name="password"></label>
<button type="submit">Sign-in</button></form>`,
          ),
        );
      }
      return response.end(
        page(
          'Authorize',
          `<form method="post"><input type="hidden" name="prompt" value="consent"><button type="submit">Continue</button></form>`,
        ),
      );
    }
    const form = await formOf(request);
    if (form.get('prompt') === 'login' && prompt.name === 'login') {
      return provider.interactionFinished(
        request,
        response,
        { login: { accountId: form.get('login') ?? '', ...idp.login } },
        { mergeWithLastSubmission: false },
      );
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: details.session!.accountId,
          clientId: params.client_id as string,
        });
    const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(
      request,
      response,
      { consent: { grantId: await grant!.save() } },
      { mergeWithLastSubmission: true },
    );
  }

  return idp;
}

/**
 * Follows an authorization address through the provider's pages as a browser would (cookies
 * kept), signing in as `subject`; returns the path and query the provider sends back to Cicero.
 */
export async function signInOverHttp(authorizationUrl: string, subject: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = authorizationUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: body.toString() } : {}),
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!, value.join('='));
    }
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next.pathname + next.search;
      url = next.href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html}`);
    method = 'POST';
    body = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login: subject, password: 'any password' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('too many hops at the provider');
}
