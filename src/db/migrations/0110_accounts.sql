-- Accounts (docs/accounts.md): password resets issued by an administrator, passkeys as a second
-- factor beside TOTP, and single sign-on accounts without a local password.

-- A reset link's token is shown once to the administrator; only its SHA-256 is kept. A link
-- works once, for 30 minutes; issuing a new one revokes the user's earlier unused links.
CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  issued_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX password_resets_open ON password_resets (user_id)
  WHERE used_at IS NULL AND revoked_at IS NULL;

-- WebAuthn credentials (passkeys, security keys): the public key only, never a secret.
CREATE TABLE passkeys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  credential_id text NOT NULL UNIQUE
    CHECK (length(credential_id) BETWEEN 1 AND 1400 AND credential_id ~ '^[A-Za-z0-9_-]+$'),
  public_key text NOT NULL,
  sign_count bigint NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A single sign-on account signs in at its provider only: it keeps no local password.
UPDATE users SET password_hash = NULL
  WHERE password_hash IS NOT NULL AND id IN (SELECT user_id FROM oidc_identities);
