-- Documents of a case (issue 13): uploaded files and generated letters, kept in the database so
-- the embedded (PGlite) and the PostgreSQL installations work the same (docs/documents.md).
--
-- The bytes live in document_contents (one row per stored file: its SHA-256, size and type,
-- decided from the content) and document_content_chunks (the bytes, in order, at most 1 MiB a
-- chunk, so a download is streamed chunk by chunk). A content row never changes and is never
-- deleted: a document released by a disclosure decision is an immutable reference to it.
-- A document is in one compartment: health_documents (the hub's clinicians) or
-- police_documents (added by the case officer to their own request).

CREATE TABLE document_contents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
  mime text NOT NULL CHECK (mime IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text', 'image/png', 'image/jpeg')),
  chunk_count integer NOT NULL CHECK (chunk_count >= 1),
  stored_at timestamptz NOT NULL
);

CREATE TABLE document_content_chunks (
  content_id uuid NOT NULL REFERENCES document_contents (id),
  position integer NOT NULL CHECK (position >= 1),
  bytes bytea NOT NULL CHECK (length(bytes) BETWEEN 1 AND 1048576),
  PRIMARY KEY (content_id, position)
);

CREATE FUNCTION document_content_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stored document contents never change' USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER document_contents_frozen BEFORE UPDATE OR DELETE ON document_contents
  FOR EACH ROW EXECUTE FUNCTION document_content_frozen();
CREATE TRIGGER document_content_chunks_frozen BEFORE UPDATE OR DELETE ON document_content_chunks
  FOR EACH ROW EXECUTE FUNCTION document_content_frozen();

CREATE TABLE health_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('consent_form', 'gp_letter', 'meeting_minutes', 'report', 'other')),
  content_id uuid NOT NULL REFERENCES document_contents (id),
  source text CHECK (length(source) BETWEEN 1 AND 100),
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL
);
CREATE INDEX health_documents_case ON health_documents (case_id, added_at);

CREATE TABLE police_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('consent_form', 'gp_letter', 'meeting_minutes', 'report', 'other')),
  content_id uuid NOT NULL REFERENCES document_contents (id),
  source text CHECK (length(source) BETWEEN 1 AND 100),
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL
);
CREATE INDEX police_documents_case ON police_documents (case_id, added_at);

-- A document keeps its case and its bytes: what it is (title, kind) may be corrected, what it
-- holds never, and it is never deleted (a released copy refers to it).
CREATE FUNCTION document_keeps_content() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'documents are never deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.content_id <> OLD.content_id OR NEW.case_id <> OLD.case_id THEN
    RAISE EXCEPTION 'a document keeps its case and its contents' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER health_documents_keep_content BEFORE UPDATE OR DELETE ON health_documents
  FOR EACH ROW EXECUTE FUNCTION document_keeps_content();
CREATE TRIGGER police_documents_keep_content BEFORE UPDATE OR DELETE ON police_documents
  FOR EACH ROW EXECUTE FUNCTION document_keeps_content();
