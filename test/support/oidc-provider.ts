import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
  issuer: string;
  /** Errors the provider hit while serving (a test asserts there were none). */
  errors: string[];
  close(): Promise<void>;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
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

/**
 * A real OpenID Provider (oidc-provider) on 127.0.0.1 at a random port, with its development
 * login and consent pages: any login name signs in as the subject of that name. Its id tokens
 * carry no amr or acr, like a provider that says nothing about factors.
 */
export async function startTestIdentityProvider(
  clients: TestClient[],
): Promise<TestIdentityProvider> {
  // The issuer needs the port before the provider exists: listen first, attach it after.
  const server = createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    pkce: { required: () => true },
    cookies: { keys: ['test-only-cookie-key-test-only-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  // The provider's own notices (development keys, dev interactions) are expected here.
  const errors: string[] = [];
  provider.on('server_error', (_ctx, error) => errors.push(String(error)));
  server.on('request', provider.callback());
  return {
    issuer,
    errors,
    close: () => closeServer(server),
  };
}
