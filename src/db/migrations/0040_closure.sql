-- Advice to the case officer, closure with the hub lead's approval, and the case officer's
-- feedback at closure (PRODUCT.md steps 8 and 11).

-- Shared compartment: advice the hub gives the requesting case officer. Written by a
-- clinician who confirmed it holds no unreleased health information (PRODUCT.md rule 7).
CREATE TABLE advice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  author_id uuid NOT NULL REFERENCES users (id),
  title text CHECK (length(title) BETWEEN 1 AND 120),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  given_at date NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX advice_case ON advice (case_id, given_at, created_at);

-- Health compartment: the hub's closure workflow. Closing notes and a return reason are the
-- hub's own; the summary for the case officer is a draft here and is copied into
-- closure_summaries only when the hub lead approves (nothing is shared by flipping a flag).
CREATE TABLE closure_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  outcome text NOT NULL,
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
  closing_notes text NOT NULL CHECK (length(closing_notes) BETWEEN 1 AND 10000),
  decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'returned')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  return_reason text CHECK (length(return_reason) BETWEEN 1 AND 2000),
  -- Never one's own closure (the service refuses it with a message; this is the backstop).
  CHECK (decided_by IS NULL OR decided_by <> requested_by OR decision = 'returned'),
  CHECK ((decision = 'pending') = (decided_at IS NULL)),
  CHECK ((decision = 'returned') = (return_reason IS NOT NULL))
);
-- At most one closure request waits per case.
CREATE UNIQUE INDEX closure_requests_one_pending ON closure_requests (case_id) WHERE decision = 'pending';
CREATE INDEX closure_requests_case ON closure_requests (case_id, requested_at);

-- Shared compartment: what the case officer reads once the closure is approved.
CREATE TABLE closure_summaries (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  closure_request_id uuid NOT NULL UNIQUE REFERENCES closure_requests (id),
  outcome text NOT NULL,
  summary text NOT NULL,
  approved_by uuid NOT NULL REFERENCES users (id),
  approved_at timestamptz NOT NULL
);

-- Police compartment: the requesting officer's answer at closure, given once.
CREATE TABLE closure_feedback (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  officer_id uuid NOT NULL REFERENCES users (id),
  confidence smallint NOT NULL CHECK (confidence BETWEEN 1 AND 5),
  comment text CHECK (length(comment) BETWEEN 1 AND 2000),
  answered_at timestamptz NOT NULL
);
