-- API clients (docs/adr/0007-api-clients-and-tokens.md): a client is a service account, a row
-- of users with kind 'service', holding role assignments like a person (one side only) and
-- going through the same access core. It never signs in to pages: it has no password and no
-- security code. It authenticates with a JWT signed by its private key (private_key_jwt) at
-- POST /api/v1/token and receives a short-lived bearer token.

ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service'));
ALTER TABLE users ADD CONSTRAINT users_service_has_no_password
  CHECK (kind = 'person' OR (password_hash IS NULL AND totp_secret IS NULL));
ALTER TABLE users ADD CONSTRAINT users_id_kind_key UNIQUE (id, kind);

CREATE TABLE api_clients (
  user_id uuid PRIMARY KEY,
  kind text NOT NULL DEFAULT 'service' CHECK (kind = 'service'),
  organisation text NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
  -- The client's public key as a JWK (no private members), and its key id (kid).
  public_jwk jsonb NOT NULL CHECK (jsonb_typeof(public_jwk) = 'object' AND NOT public_jwk ? 'd'),
  key_id text NOT NULL CHECK (length(key_id) BETWEEN 1 AND 200),
  scopes text[] NOT NULL
    CHECK (scopes <@ ARRAY['requests:write', 'requests:read', 'cases:read', 'statistics:read']::text[]),
  may_act_for_users boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  -- Only a service account can be a client.
  CONSTRAINT api_clients_service_account FOREIGN KEY (user_id, kind) REFERENCES users (id, kind)
);

-- Access tokens: only the SHA-256 of the token is stored, so a copy of the table grants nothing.
CREATE TABLE api_access_tokens (
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  client_id uuid NOT NULL REFERENCES api_clients (user_id),
  scopes text[] NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > issued_at),
  revoked_at timestamptz
);
CREATE INDEX api_access_tokens_client ON api_access_tokens (client_id, expires_at);
CREATE INDEX api_access_tokens_expires ON api_access_tokens (expires_at);

-- Assertion ids (jti) already used, kept until the assertion would have expired: a replayed
-- assertion is refused.
CREATE TABLE api_assertion_jtis (
  client_id uuid NOT NULL REFERENCES api_clients (user_id),
  jti text NOT NULL CHECK (length(jti) BETWEEN 1 AND 200),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX api_assertion_jtis_expires ON api_assertion_jtis (expires_at);

-- The client an audited action came through (null for pages). Chained into the audit hash
-- only when present, so rows written before this column verify as they did
-- (src/features/audit/chain.ts).
ALTER TABLE audit_events ADD COLUMN actor_client_id uuid;
CREATE INDEX audit_events_client ON audit_events (actor_client_id, occurred_at) WHERE actor_client_id IS NOT NULL;
