-- A police lead hands a departing case officer's open requests to another case officer of the
-- hub (issue 16, docs/hubs.md): cases.requested_by changes, and one row per case keeps who
-- held the request before, who holds it now, who moved it and when. Police compartment: it
-- says only which officer follows the request.
CREATE TABLE request_reassignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  from_officer uuid NOT NULL REFERENCES users (id),
  to_officer uuid NOT NULL REFERENCES users (id),
  reassigned_by uuid NOT NULL REFERENCES users (id),
  reassigned_at timestamptz NOT NULL,
  CHECK (from_officer <> to_officer)
);
CREATE INDEX request_reassignments_case ON request_reassignments (case_id, reassigned_at);
