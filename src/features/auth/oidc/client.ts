import * as oidc from 'openid-client';
import type { OidcProviderSettings } from '../../../config.ts';

/** What the callback must check the provider's answer against, kept in the server session. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedIdentity {
  subject: string;
  claims: { amr?: unknown; acr?: unknown };
}

/** The provider's answer could not be accepted; `code` is a protocol code, never personal. */
export class SsoError extends Error {
  constructor(readonly code: string) {
    super(`single sign-on failed: ${code}`);
  }
}

const RETRY_AFTER_MS = 10_000;

/**
 * One relying-party client per provider. Discovery runs in the background at start and again
 * on use when it failed (at most every 10 s), so an identity provider's outage never stops
 * Cicero starting or local sign-in working.
 */
export function oidcClient(provider: OidcProviderSettings, publicUrl: string) {
  const redirectUri = new URL(`/sign-in/sso/${provider.id}/callback`, publicUrl).href;
  let discovered: Promise<oidc.Configuration> | undefined;
  let failedAt = 0;

  function configuration(): Promise<oidc.Configuration> {
    if (discovered) return discovered;
    if (Date.now() - failedAt < RETRY_AFTER_MS && failedAt !== 0) {
      return Promise.reject(new SsoError('discovery-unavailable'));
    }
    const issuer = new URL(provider.issuer);
    discovered = oidc
      .discovery(
        issuer,
        provider.clientId,
        provider.clientSecret,
        oidc.ClientSecretBasic(provider.clientSecret),
        {
          // Only a provider on this machine outside production (config.ts enforces it).
          execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        },
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

    /** The provider's authorization address, and what to keep for the callback. */
    async start(): Promise<{ url: string; pending: PendingSignIn }> {
      const config = await configuration();
      const pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    /**
     * Checks the provider's answer (state, PKCE, the id token's signature, issuer, nonce,
     * expiry) and that the token was issued to Cicero alone.
     */
    async finish(callbackPathAndQuery: string, pending: PendingSignIn): Promise<VerifiedIdentity> {
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
      return { subject: claims.sub, claims: { amr: claims.amr, acr: claims.acr } };
    },
  };
}

export type OidcClient = ReturnType<typeof oidcClient>;

/** A protocol error code from openid-client's errors, safe to log and audit. */
function errorCode(error: unknown): string {
  const candidate =
    error && typeof error === 'object'
      ? ((error as { error?: unknown }).error ?? (error as { code?: unknown }).code)
      : undefined;
  return typeof candidate === 'string' && /^[A-Za-z0-9_.-]{1,60}$/.test(candidate)
    ? candidate
    : 'unexpected';
}
