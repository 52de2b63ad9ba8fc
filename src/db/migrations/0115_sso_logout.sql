-- Single sign-on back-channel logout (OpenID Connect Back-Channel Logout 1.0).
-- A logout token is acted on once: its issuer and jti are kept until it could no longer be
-- accepted anyway (iat + 10 minutes), and a second one with the same jti is refused.
CREATE TABLE oidc_logout_tokens (
  issuer text NOT NULL,
  jti text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, jti)
);
CREATE INDEX oidc_logout_tokens_expiry ON oidc_logout_tokens (expires_at);

-- Live sessions signed in by single sign-on, found by the provider's session id (sid), which
-- the session keeps in data.ssoLogin beside the provider id.
CREATE INDEX sessions_sso_sid ON sessions ((data #>> '{ssoLogin,sid}')) WHERE ended_at IS NULL;
