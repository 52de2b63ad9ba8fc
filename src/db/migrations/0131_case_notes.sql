-- Case notes (issue 13), health compartment. A note is never edited in place: each change is a
-- new version with a reason, and every version stays readable. `case_notes` holds what does not
-- change (the case, who first wrote it, when) and the number of its latest version, which is
-- also the version a form was opened on; `case_note_versions` is append-only.
CREATE TABLE case_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);

CREATE TABLE case_note_versions (
  note_id uuid NOT NULL REFERENCES case_notes (id),
  version integer NOT NULL CHECK (version >= 1),
  -- The day the note is about (a supervision session, the day a concern was raised).
  noted_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('clinical', 'supervision', 'safeguarding_concern', 'risk_to_self_concern', 'other')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  -- Why it was amended: every version after the first says why.
  reason text CHECK (length(reason) BETWEEN 1 AND 1000),
  written_by uuid NOT NULL REFERENCES users (id),
  written_at timestamptz NOT NULL,
  PRIMARY KEY (note_id, version),
  CHECK ((version = 1) = (reason IS NULL))
);

-- A version, once written, never changes and is never removed.
CREATE FUNCTION case_note_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a version of a case note cannot change: amend the note instead'
    USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER case_note_versions_frozen BEFORE UPDATE OR DELETE ON case_note_versions
  FOR EACH ROW EXECUTE FUNCTION case_note_version_frozen();
