-- Search finds cases, so a name is looked for only among people who have one (issue 14's goal:
-- a name's p95 under 50 ms with 250,000 people and 40,000 cases; docs/performance.md#search).
-- people.has_case is set by a trigger whenever a case names the person, whichever path writes
-- it (a request, a re-referral, the generator, an import), and the trigram index covers only
-- those people: a typed name's candidates come from about 36,000 rows rather than 250,000.
ALTER TABLE people ADD COLUMN has_case boolean NOT NULL DEFAULT false;
UPDATE people SET has_case = true WHERE id IN (SELECT person_id FROM cases);

CREATE FUNCTION people_mark_has_case() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE people SET has_case = true WHERE id = NEW.person_id AND NOT has_case;
  RETURN NULL;
END
$$;

CREATE TRIGGER cases_mark_person_has_case
  AFTER INSERT OR UPDATE OF person_id ON cases
  FOR EACH ROW EXECUTE FUNCTION people_mark_has_case();

DROP INDEX people_search_name_trgm;
CREATE INDEX people_case_search_name_trgm ON people USING gin (search_name gin_trgm_ops)
  WHERE has_case;
