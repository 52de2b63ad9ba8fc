import { importPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import type { OidcProviderSettings } from '../../../config.ts';
import type { PendingSignIn } from './pending.ts';

export type { PendingSignIn } from './pending.ts';

/** The id token's claims Cicero reads (and, with a role check, the provider's userinfo). */
export interface VerifiedIdentity {
  subject: string;
  claims: {
    amr?: unknown;
    acr?: unknown;
    auth_time?: unknown;
    sid?: unknown;
    selected_roleid?: unknown;
    nhsid_nrbac_roles?: unknown;
  };
}

/** The provider's answer could not be accepted; `code` is a protocol code, never personal. */
export class SsoError extends Error {
  constructor(readonly code: string) {
    super(`single sign-on failed: ${code}`);
  }
}

const RETRY_AFTER_MS = 10_000;

/** How Cicero authenticates at the token endpoint: a private key when set, else the secret. */
async function clientAuthentication(provider: OidcProviderSettings): Promise<oidc.ClientAuth> {
  if (provider.privateKey) {
    const { pem, alg, keyId } = provider.privateKey;
    const key = await importPKCS8(pem, alg);
    return oidc.PrivateKeyJwt({ key, ...(keyId ? { kid: keyId } : {}) });
  }
  return oidc.ClientSecretBasic(provider.clientSecret ?? '');
}

/**
 * One relying-party client per provider. Discovery runs in the background at start and again
 * on use when it failed (at most every 10 s), so an identity provider's outage never stops
 * Cicero starting or local sign-in working.
 */
export function oidcClient(provider: OidcProviderSettings, publicUrl: string) {
  const redirectUri = new URL(`/sign-in/sso/${provider.id}/callback`, publicUrl).href;
  const issuer = new URL(provider.issuer);
  let discovered: Promise<oidc.Configuration> | undefined;
  let failedAt = 0;

  function configuration(): Promise<oidc.Configuration> {
    if (discovered) return discovered;
    if (Date.now() - failedAt < RETRY_AFTER_MS && failedAt !== 0) {
      return Promise.reject(new SsoError('discovery-unavailable'));
    }
    discovered = clientAuthentication(provider)
      .then((auth) =>
        oidc.discovery(issuer, provider.clientId, provider.clientSecret, auth, {
          // Only a provider on this machine outside production (config.ts enforces it).
          execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        }),
      )
      .catch((error: unknown) => {
        discovered = undefined;
        failedAt = Date.now();
        throw error;
      });
    return discovered;
  }

  return {
    provider,
    redirectUri,

    /** Starts discovery without waiting for it. */
    warmUp(onError: (error: unknown) => void): void {
      configuration().catch(onError);
    },

    /** The provider's metadata (for its JWKS address), discovering it when needed. */
    async serverMetadata(): Promise<oidc.ServerMetadata> {
      return (await configuration()).serverMetadata();
    },

    /**
     * The provider's authorization address, and what to keep for the callback. A step-up asks
     * the provider to sign the user in again whatever its session (prompt=login, max_age=0),
     * with the acr values the provider's settings name for it.
     */
    async start(
      options: { stepUp?: boolean } = {},
    ): Promise<{ url: string; pending: PendingSignIn }> {
      const config = await configuration();
      const pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const acrValues = provider.stepUpAcrValues ?? [];
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: (provider.scopes ?? ['openid']).join(' '),
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        ...(options.stepUp
          ? {
              prompt: 'login',
              max_age: '0',
              ...(acrValues.length ? { acr_values: acrValues.join(' ') } : {}),
            }
          : {}),
      });
      return { url: url.href, pending };
    },

    /**
     * Checks the provider's answer (state, PKCE, the id token's signature, issuer, nonce,
     * expiry) and that the token was issued to Cicero alone. With `userinfo`, the provider's
     * userinfo (for the same subject) adds the claims the id token does not carry.
     */
    async finish(
      callbackPathAndQuery: string,
      pending: PendingSignIn,
      options: { userinfo?: boolean } = {},
    ): Promise<VerifiedIdentity> {
      const config = await configuration();
      const currentUrl = new URL(callbackPathAndQuery, publicUrl);
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          pkceCodeVerifier: pending.codeVerifier,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new SsoError(errorCode(error));
      }
      const claims = tokens.claims();
      if (!claims) throw new SsoError('no-id-token');
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (audiences.length !== 1 || audiences[0] !== provider.clientId) {
        throw new SsoError('audience-not-cicero');
      }
      let extra: Record<string, unknown> = {};
      if (options.userinfo) {
        try {
          extra = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        } catch (error) {
          throw new SsoError(errorCode(error));
        }
      }
      const read = (name: string) => claims[name] ?? extra[name];
      return {
        subject: claims.sub,
        claims: {
          amr: claims.amr,
          acr: claims.acr,
          auth_time: claims.auth_time,
          sid: claims.sid,
          selected_roleid: read('selected_roleid'),
          nhsid_nrbac_roles: read('nhsid_nrbac_roles'),
        },
      };
    },
  };
}

export type OidcClient = ReturnType<typeof oidcClient>;

/** A protocol error code from openid-client's errors, safe to log and audit. */
export function errorCode(error: unknown): string {
  const candidate =
    error && typeof error === 'object'
      ? ((error as { error?: unknown }).error ?? (error as { code?: unknown }).code)
      : undefined;
  return typeof candidate === 'string' && /^[A-Za-z0-9_.-]{1,60}$/.test(candidate)
    ? candidate
    : 'unexpected';
}
