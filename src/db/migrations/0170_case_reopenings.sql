-- Reopening a closed case (issue 15, docs/case-journey.md): a new "reopened" state in the case
-- state machine (src/domain/case-state.ts), and one row per reopening with the hub lead's
-- reason. Health compartment: the reason is the hub's own and may say why clinically. The
-- earlier closure stays recorded: its approved closure request, its closure summary and the
-- date it closed, copied here because reopening clears cases.closed_at.
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('awaiting_triage', 'awaiting_allocation', 'open', 'advice_only', 'closure_requested', 'advice_closure_requested', 'closed', 'reopened'));

CREATE TABLE case_reopenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  -- When the earlier closure took effect, and its outcome code (null: closed at triage).
  closed_at timestamptz NOT NULL,
  closure_outcome text,
  reopened_by uuid NOT NULL REFERENCES users (id),
  reopened_at timestamptz NOT NULL
);
CREATE INDEX case_reopenings_case ON case_reopenings (case_id, reopened_at);
