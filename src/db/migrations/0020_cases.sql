-- People (police-provided identity), cases (episodes of VSS involvement), the police
-- compartment of a case (support request, police updates) and officers' request drafts.

-- Who the person is, as police told us. Only what triage needs (data minimisation): an
-- address is kept as its postcode district, never a full postcode or street.
CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  other_names text CHECK (length(other_names) <= 200),
  date_of_birth date NOT NULL,
  nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
  gender text NOT NULL,
  ethnicity text NOT NULL,
  postcode_district text NOT NULL CHECK (postcode_district ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$'),
  first_language text NOT NULL,
  communication_needs text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX people_nhs_number_key ON people (nhs_number) WHERE nhs_number IS NOT NULL;
-- Matching at intake and triage: similar names with the same date of birth.
CREATE INDEX people_name_trgm ON people USING gin ((lower(given_name || ' ' || family_name)) gin_trgm_ops);
CREATE INDEX people_date_of_birth ON people (date_of_birth);

-- Per hub, per year sequence behind references like WM-2026-0042.
CREATE TABLE case_reference_counters (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  year integer NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (hub_id, year)
);

-- One episode of VSS involvement. Its status is shared (police and health both see it).
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  person_id uuid NOT NULL REFERENCES people (id),
  status text NOT NULL DEFAULT 'awaiting_triage' CHECK (status IN ('awaiting_triage', 'awaiting_allocation', 'open', 'advice_only', 'closure_requested', 'closed')),
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent')),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  previous_case_id uuid REFERENCES cases (id),
  idempotency_key text NOT NULL UNIQUE,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_hub_status ON cases (hub_id, status, requested_at);
CREATE INDEX cases_requested_by ON cases (requested_by, requested_at);
CREATE INDEX cases_person ON cases (person_id, requested_at);

-- Police compartment: the request as the case officer made it (one per case).
CREATE TABLE support_requests (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  pcmt_reference text NOT NULL,
  prevent_stage text NOT NULL CHECK (prevent_stage IN ('police_led', 'channel')),
  gateway_date date NOT NULL,
  channel_reference text,
  referral_sector text NOT NULL,
  concern_type text NOT NULL,
  concerns_seen text NOT NULL,
  support_reason text NOT NULL,
  gp_practice text,
  mental_health_team text,
  person_aware text NOT NULL CHECK (person_aware IN ('yes', 'no', 'unknown')),
  urgency_reason text,
  submitted_at timestamptz NOT NULL
);

-- Police compartment: updates the case officer adds to their request.
CREATE TABLE police_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  author_id uuid NOT NULL REFERENCES users (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX police_updates_case ON police_updates (case_id, created_at);

-- A case officer's request in progress, kept server-side so it survives sign-out.
-- Only its owner ever reads it; it expires unless saved again.
CREATE TABLE request_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hub_id uuid REFERENCES hubs (id),
  answers jsonb NOT NULL DEFAULT '{}',
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX request_drafts_owner ON request_drafts (owner_id, updated_at);
CREATE INDEX request_drafts_expiry ON request_drafts (expires_at);
