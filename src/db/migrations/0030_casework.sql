-- The clinical side of the case journey: triage, allocation, consent and lawful basis, and
-- the reasons clinicians give for opening a case outside their allocation.

-- The state machine (src/domain/case-state.ts) has a closure-requested state for advice-only
-- consultations, so that sending it back returns it to advice only.
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('awaiting_triage', 'awaiting_allocation', 'open', 'advice_only', 'closure_requested', 'advice_closure_requested', 'closed'));

-- Health compartment: the one triage decision of a case (UNIQUE: never two).
CREATE TABLE triage_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
  decision text NOT NULL CHECK (decision IN ('accept', 'advice_only', 'decline', 'urgent')),
  rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 5000),
  signposting text CHECK (length(signposting) <= 2000),
  diverted_to text CHECK (length(diverted_to) <= 200),
  diverted_at timestamptz,
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL,
  -- decided_at − the case's requested_at, kept so reports need no join or recomputation.
  seconds_to_triage integer NOT NULL CHECK (seconds_to_triage >= 0),
  CHECK (decision <> 'decline' OR signposting IS NOT NULL),
  CHECK (decision <> 'urgent' OR (diverted_to IS NOT NULL AND diverted_at IS NOT NULL))
);
CREATE INDEX triage_decisions_decided ON triage_decisions (decided_at);

-- Health compartment: who works the case. A row ends (allocated_to) when reallocated.
CREATE TABLE allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  clinician_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('lead', 'other')),
  allocated_from timestamptz NOT NULL,
  allocated_to timestamptz,
  allocated_by uuid NOT NULL REFERENCES users (id),
  ended_by uuid REFERENCES users (id),
  CHECK (allocated_to IS NULL OR allocated_to >= allocated_from)
);
CREATE UNIQUE INDEX allocations_one_lead ON allocations (case_id) WHERE role = 'lead' AND allocated_to IS NULL;
CREATE UNIQUE INDEX allocations_current ON allocations (case_id, clinician_id) WHERE allocated_to IS NULL;
CREATE INDEX allocations_clinician ON allocations (clinician_id) WHERE allocated_to IS NULL;

-- Health compartment: consent to engage, as a history (the last recorded is in force).
CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  status text NOT NULL CHECK (status IN ('given', 'declined', 'withdrawn', 'not_yet_sought', 'lacks_capacity_best_interests')),
  method text CHECK (method IN ('verbal', 'written')),
  decided_at timestamptz,
  best_interests_by text CHECK (length(best_interests_by) BETWEEN 1 AND 200),
  note text CHECK (length(note) <= 2000),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  CHECK ((status IN ('given', 'declined', 'withdrawn')) = (method IS NOT NULL)),
  CHECK ((status = 'lacks_capacity_best_interests') = (best_interests_by IS NOT NULL)),
  CHECK (status = 'not_yet_sought' OR decided_at IS NOT NULL)
);
CREATE INDEX consents_case ON consents (case_id, recorded_at);

-- Health compartment: the lawful basis for processing, recorded apart from consent. Each row
-- is the whole set of bases chosen at that time; the last is in force.
CREATE TABLE lawful_bases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  codes jsonb NOT NULL CHECK (jsonb_typeof(codes) = 'array' AND jsonb_array_length(codes) > 0),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX lawful_bases_case ON lawful_bases (case_id, recorded_at);

-- Who opened a case of their hub outside their allocation, when and why (Caldicott 1,
-- ASVS 16.3.2). A reason admits its giver to that case for the rest of that sign-in session.
CREATE TABLE case_access_reasons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  user_id uuid NOT NULL REFERENCES users (id),
  session_id text NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX case_access_reasons_lookup ON case_access_reasons (case_id, user_id, session_id);
CREATE INDEX case_access_reasons_recorded ON case_access_reasons (recorded_at);
