-- Rectification of case notes (issue 15, docs/records.md): a correction request on a note and
-- how it was answered. Either the note was corrected (a new version with the reason, in
-- case_note_versions; the earlier versions stay) or it must stand: an annotation is added and
-- the note is restricted (shown with a notice, never released). The person's own statement
-- can be attached as text. Health compartment, like the note. Append-only.
CREATE TABLE note_rectifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  note_id uuid NOT NULL REFERENCES case_notes (id),
  -- What the person says is wrong, and when they asked.
  requested_on date NOT NULL,
  request text NOT NULL CHECK (length(request) BETWEEN 1 AND 5000),
  outcome text NOT NULL CHECK (outcome IN ('corrected', 'annotated')),
  -- The version the correction wrote (corrected), or the annotation (annotated).
  corrected_version integer CHECK (corrected_version >= 2),
  annotation text CHECK (length(annotation) BETWEEN 1 AND 5000),
  statement text CHECK (length(statement) BETWEEN 1 AND 10000),
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL,
  CHECK ((outcome = 'corrected') = (corrected_version IS NOT NULL)),
  CHECK ((outcome = 'annotated') = (annotation IS NOT NULL)),
  FOREIGN KEY (note_id, corrected_version) REFERENCES case_note_versions (note_id, version)
);
CREATE INDEX note_rectifications_note ON note_rectifications (note_id, decided_at);
CREATE INDEX note_rectifications_case ON note_rectifications (case_id);

CREATE FUNCTION note_rectification_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a rectification cannot change: record another one'
    USING ERRCODE = 'P0001';
END $$;
-- Disposal at the end of retention (0165) is the one change allowed, as for note versions.
CREATE TRIGGER note_rectifications_frozen BEFORE UPDATE OR DELETE ON note_rectifications
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION note_rectification_frozen();
