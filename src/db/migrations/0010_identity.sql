-- Hubs, users, their roles and hubs, sign-in identities, sessions and sign-in throttling.

CREATE TABLE hubs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2,4}$'),
  name text NOT NULL,
  region text NOT NULL,
  status text NOT NULL CHECK (status IN ('pilot', 'live', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  profession text CHECK (profession IN ('mental_health_nurse', 'clinical_psychologist', 'forensic_psychologist', 'psychiatrist', 'other')),
  password_hash text,
  totp_secret text,
  totp_enrolled_at timestamptz,
  last_totp_step bigint,
  terms_version text,
  terms_accepted_at timestamptz,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('case_officer', 'clinician', 'hub_lead', 'police_lead', 'analyst', 'ig_officer', 'admin')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE user_hubs (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  PRIMARY KEY (user_id, hub_id)
);
CREATE INDEX user_hubs_hub ON user_hubs (hub_id);

-- Single sign-on: a provisioned user is matched by provider (issuer) and subject.
CREATE TABLE oidc_identities (
  provider text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (provider, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored.
-- stage: where in sign-in the session is (password given, MFA enrolment, terms, fully active).
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('anonymous', 'password', 'enrol', 'terms', 'active')),
  csrf_token text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  step_up_at timestamptz,
  ended_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed sign-ins counted per network address, for throttling that does not reveal accounts.
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);
