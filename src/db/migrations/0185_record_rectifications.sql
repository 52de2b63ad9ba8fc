-- Rectification of any record a person may dispute (issue 15, docs/records.md), generalising
-- the notes' table of 0171: one table per compartment, one shape, one domain rule
-- (src/domain/rectification.ts). A row is a correction request on one record of a case and
-- its answer: corrected (a new version with the reason; the old one kept) or annotated (the
-- record stands, and is restricted: shown with a notice, never released).
--
-- Health records (notes, contacts, liaison records, formulations, care plans) stay in the
-- table 0171 made, renamed; the request details and police updates, police content, have
-- their own table in the police compartment, so no health account reads police content
-- through it and no police account reads health content.
ALTER TABLE note_rectifications RENAME TO record_rectifications;
ALTER TABLE record_rectifications RENAME COLUMN note_id TO record_id;
ALTER TABLE record_rectifications DROP CONSTRAINT note_rectifications_note_id_corrected_version_fkey;
ALTER TABLE record_rectifications DROP CONSTRAINT note_rectifications_note_id_fkey;
ALTER TABLE record_rectifications ADD COLUMN record_kind text NOT NULL DEFAULT 'note'
  CHECK (record_kind IN ('note', 'contact', 'liaison', 'formulation', 'plan'));
ALTER TABLE record_rectifications ALTER COLUMN record_kind DROP DEFAULT;
-- Records corrected in place (a contact's summary, a liaison record's summary): the text as it
-- was before the correction, so the old version is kept here. Notes, formulations and plans
-- keep their earlier versions in their own tables and leave it empty.
ALTER TABLE record_rectifications ADD COLUMN previous_text text
  CHECK (length(previous_text) BETWEEN 1 AND 10000);
ALTER INDEX note_rectifications_note RENAME TO record_rectifications_record;
ALTER INDEX note_rectifications_case RENAME TO record_rectifications_case;
DROP INDEX record_rectifications_record;
CREATE INDEX record_rectifications_record ON record_rectifications (record_kind, record_id, decided_at);
ALTER TRIGGER note_rectifications_frozen ON record_rectifications RENAME TO record_rectifications_frozen;

CREATE TABLE police_rectifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  record_kind text NOT NULL CHECK (record_kind IN ('police_request', 'police_update')),
  record_id uuid NOT NULL,
  requested_on date NOT NULL,
  request text NOT NULL CHECK (length(request) BETWEEN 1 AND 5000),
  outcome text NOT NULL CHECK (outcome IN ('corrected', 'annotated')),
  corrected_version integer CHECK (corrected_version >= 2),
  previous_text text CHECK (length(previous_text) BETWEEN 1 AND 10000),
  annotation text CHECK (length(annotation) BETWEEN 1 AND 5000),
  statement text CHECK (length(statement) BETWEEN 1 AND 10000),
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL,
  CHECK ((outcome = 'corrected') = (corrected_version IS NOT NULL)),
  CHECK ((outcome = 'corrected') = (previous_text IS NOT NULL)),
  CHECK ((outcome = 'annotated') = (annotation IS NOT NULL))
);
CREATE INDEX police_rectifications_record ON police_rectifications (record_kind, record_id, decided_at);
CREATE INDEX police_rectifications_case ON police_rectifications (case_id);
-- Append-only like the health table; disposal of the police clock is the one change allowed.
CREATE TRIGGER police_rectifications_frozen BEFORE UPDATE OR DELETE ON police_rectifications
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION note_rectification_frozen();
