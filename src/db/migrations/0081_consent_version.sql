-- Consent and the lawful basis carry their own version (issue 12: every editable record
-- carries its own version). Each is a history per case: an entry's version is its place in
-- its case's history (1, 2, ...), and the form holds the version of the latest entry it showed.
-- A save checks that no entry was added since; other saves on the case no longer conflict
-- with these forms, nor these with them. Existing entries are numbered in recorded order.

ALTER TABLE consents ADD COLUMN version integer;
UPDATE consents c SET version = n.rn
  FROM (SELECT id, row_number() OVER (PARTITION BY case_id ORDER BY recorded_at, id) AS rn
          FROM consents) n
 WHERE n.id = c.id;

ALTER TABLE lawful_bases ADD COLUMN version integer;
UPDATE lawful_bases l SET version = n.rn
  FROM (SELECT id, row_number() OVER (PARTITION BY case_id ORDER BY recorded_at, id) AS rn
          FROM lawful_bases) n
 WHERE n.id = l.id;

-- An entry written without a version (fixtures, the generator) takes the next of its case.
CREATE FUNCTION next_history_version() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF NEW.version IS NULL THEN
    EXECUTE format('SELECT coalesce(max(version), 0) + 1 FROM %I WHERE case_id = $1', TG_TABLE_NAME)
      INTO NEW.version USING NEW.case_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER consents_version BEFORE INSERT ON consents
  FOR EACH ROW EXECUTE FUNCTION next_history_version();
CREATE TRIGGER lawful_bases_version BEFORE INSERT ON lawful_bases
  FOR EACH ROW EXECUTE FUNCTION next_history_version();

ALTER TABLE consents ALTER COLUMN version SET NOT NULL;
ALTER TABLE consents ADD CONSTRAINT consents_case_version_key UNIQUE (case_id, version);
ALTER TABLE lawful_bases ALTER COLUMN version SET NOT NULL;
ALTER TABLE lawful_bases ADD CONSTRAINT lawful_bases_case_version_key UNIQUE (case_id, version);
