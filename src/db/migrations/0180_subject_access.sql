-- Subject access requests (issue 15, docs/records.md; src/domain/subject-access.ts). The IG
-- officer registers a request of a person with the controller(s) it is addressed to and its
-- deadline (one calendar month, extendable by up to two months with a reason). The request
-- itself holds no health or police content: dates, codes and the identity check.
CREATE TABLE subject_access_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  received_on date NOT NULL,
  identity_method text NOT NULL
    CHECK (identity_method IN ('photo_id', 'known_to_service', 'documents_posted', 'representative')),
  -- Who checked the identity (a member of staff, named as the IG officer recorded it).
  identity_checked_by text NOT NULL CHECK (length(identity_checked_by) BETWEEN 1 AND 200),
  controller text NOT NULL CHECK (controller IN ('nhs', 'police', 'both')),
  due_on date NOT NULL,
  extended_to date CHECK (extended_to > due_on),
  extension_reason text CHECK (length(extension_reason) BETWEEN 1 AND 2000),
  extended_by uuid REFERENCES users (id),
  registered_by uuid NOT NULL REFERENCES users (id),
  registered_at timestamptz NOT NULL,
  gathered_at timestamptz,
  -- The bundle was produced: the disclosure to the person (who produced it, when).
  disclosed_by uuid REFERENCES users (id),
  disclosed_at timestamptz,
  CHECK ((extended_to IS NULL) = (extension_reason IS NULL)),
  CHECK ((disclosed_at IS NULL) = (disclosed_by IS NULL)),
  CHECK (disclosed_at IS NULL OR gathered_at IS NOT NULL)
);
CREATE INDEX subject_access_requests_open ON subject_access_requests (due_on)
  WHERE disclosed_at IS NULL;
CREATE INDEX subject_access_requests_person ON subject_access_requests (person_id);

-- The items gathered for a request, one row per record, as they stood when gathered (the
-- review decides on that text, and the bundle prints it): health content in one table, police
-- content in the other, so each sits in its compartment (src/domain/compartments.ts) and is
-- erased with its clock at disposal. `source_table` and `source_id` name the record.
CREATE TABLE subject_access_health_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES subject_access_requests (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  source_table text NOT NULL,
  source_id text NOT NULL,
  position integer NOT NULL,
  recorded_at timestamptz,
  body text NOT NULL,
  decision text CHECK (decision IN ('release', 'release_part', 'withhold')),
  ground text CHECK (ground IN ('serious_harm', 'third_party', 'restricted_note')),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  released_text text,
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  UNIQUE (request_id, position),
  CHECK ((decision = 'release_part') = (released_text IS NOT NULL)),
  CHECK ((decision IN ('release_part', 'withhold')) = (ground IS NOT NULL))
);
CREATE INDEX subject_access_health_items_case ON subject_access_health_items (case_id);

CREATE TABLE subject_access_police_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES subject_access_requests (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  source_table text NOT NULL,
  source_id text NOT NULL,
  position integer NOT NULL,
  recorded_at timestamptz,
  body text NOT NULL,
  decision text CHECK (decision IN ('release', 'release_part', 'withhold')),
  ground text CHECK (ground IN ('s45_restriction', 'third_party')),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  released_text text,
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  UNIQUE (request_id, position),
  CHECK ((decision = 'release_part') = (released_text IS NOT NULL)),
  CHECK ((decision IN ('release_part', 'withhold')) = (ground IS NOT NULL))
);
CREATE INDEX subject_access_police_items_case ON subject_access_police_items (case_id);
