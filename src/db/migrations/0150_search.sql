-- Search (docs/search.md, docs/adr/0013-trigram-search.md): accent- and case-insensitive,
-- typo-tolerant names by trigrams, and exact lookups by NHS number, date of birth, case
-- reference and PCMT or Channel reference. unaccent, like pg_trgm, is a trusted extension: the
-- schema owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is STABLE (its dictionary could change), so an index cannot use it. The wrapper
-- names the dictionary and the schema, which makes it safe to declare IMMUTABLE.
CREATE FUNCTION search_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

-- The name a person is found by: given and family names and the other names they are known by.
CREATE FUNCTION person_search_name(given_name text, family_name text, other_names text)
  RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.search_fold(given_name || ' ' || family_name || coalesce(' ' || other_names, '')) $$;

-- Kept folded in the row, so the index's recheck reads it rather than unaccenting every
-- candidate again (docs/performance.md#search).
ALTER TABLE people ADD COLUMN search_name text
  GENERATED ALWAYS AS (person_search_name(given_name, family_name, other_names)) STORED;
CREATE INDEX people_search_name_trgm ON people USING gin (search_name gin_trgm_ops);

CREATE INDEX support_requests_pcmt_reference ON support_requests (upper(pcmt_reference));
CREATE INDEX support_requests_channel_reference ON support_requests (upper(channel_reference))
  WHERE channel_reference IS NOT NULL;
