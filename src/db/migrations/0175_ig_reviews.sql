-- The IG officer's reviews (issue 15, docs/audit.md): each out-of-allocation access reason
-- (case_access_reasons) and each download of identifiable data (an audit row whose detail
-- names `identifiableExport`) can be marked reviewed, with an outcome and a note. Rows are only
-- added: a later review of the same item stands, and the earlier ones stay as its history.
-- The item is named by its kind and id (no foreign key: it lives in one of two tables, and the
-- audit row of an export can never be deleted).
CREATE TABLE ig_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_kind text NOT NULL CHECK (item_kind IN ('access_reason', 'export')),
  item_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('appropriate', 'query_raised', 'escalated')),
  note text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
  reviewed_by uuid NOT NULL REFERENCES users (id),
  reviewed_at timestamptz NOT NULL
);
CREATE INDEX ig_reviews_item ON ig_reviews (item_kind, item_id, reviewed_at);

-- The review queue lists identifiable downloads by date: a partial index keeps that cheap.
CREATE INDEX audit_events_identifiable_exports ON audit_events (occurred_at)
  WHERE detail ? 'identifiableExport';
