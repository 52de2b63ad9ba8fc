-- Structured formulations (health compartment). One row per version of a case's formulation:
-- a draft is edited, submitted, then signed off by a senior clinician who is not its author.
-- A signed-off version is frozen (the triggers below refuse any change to it or its parts);
-- a review starts a new version from the last signed-off one and says what changed and why.
-- The instrument (template) is configuration (config/instruments/*.json): its id and version
-- are kept with each formulation so old versions still read against the items they used.
-- Nothing here is computed from the ratings: the reporting fields are the clinician's choices.

CREATE TABLE formulations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  version_number integer NOT NULL CHECK (version_number >= 1),
  -- The signed-off version this one reviews (NULL for the first).
  previous_id uuid REFERENCES formulations (id),
  template_id text NOT NULL CHECK (length(template_id) BETWEEN 1 AND 100),
  template_version text NOT NULL CHECK (length(template_version) BETWEEN 1 AND 40),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'signed_off')),
  author_id uuid NOT NULL REFERENCES users (id),
  -- The 5 Ps.
  presenting text CHECK (length(presenting) <= 10000),
  predisposing text CHECK (length(predisposing) <= 10000),
  precipitating text CHECK (length(precipitating) <= 10000),
  perpetuating text CHECK (length(perpetuating) <= 10000),
  protective text CHECK (length(protective) <= 10000),
  -- Reporting fields (src/domain/reference/assessment.ts). Arrays of codes are jsonb.
  primary_vulnerability text,
  presentations jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(presentations) = 'array'),
  presentation_other text CHECK (length(presentation_other) <= 200),
  mainstream_relation text,
  additional_needs jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(additional_needs) = 'array'),
  -- NULL: not known.
  convictions boolean,
  supervision_failures boolean,
  -- For a review: what changed since the previous signed-off version, and why.
  review_reason text CHECK (length(review_reason) <= 5000),
  submitted_by uuid REFERENCES users (id),
  submitted_at timestamptz,
  signed_off_by uuid REFERENCES users (id),
  signed_off_at timestamptz,
  -- The last time a submitted version was sent back to draft, and why.
  returned_by uuid REFERENCES users (id),
  returned_at timestamptz,
  return_reason text CHECK (length(return_reason) <= 2000),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (case_id, version_number),
  CHECK ((status = 'signed_off') = (signed_off_by IS NOT NULL AND signed_off_at IS NOT NULL)),
  CHECK (status = 'draft' OR (submitted_by IS NOT NULL AND submitted_at IS NOT NULL)),
  -- Never signed off by its author (PRODUCT.md rule 4).
  CHECK (signed_off_by IS NULL OR signed_off_by <> author_id),
  CHECK (previous_id IS NULL OR review_reason IS NOT NULL OR status = 'draft')
);
-- At most one version in progress per case.
CREATE UNIQUE INDEX formulations_one_in_progress ON formulations (case_id) WHERE status <> 'signed_off';
CREATE INDEX formulations_signed_off ON formulations (case_id, version_number) WHERE status = 'signed_off';

-- One rating per factor of the template: presence, relevance and the evidence for it.
CREATE TABLE formulation_factors (
  formulation_id uuid NOT NULL REFERENCES formulations (id),
  domain_code text NOT NULL CHECK (length(domain_code) BETWEEN 1 AND 100),
  factor_code text NOT NULL CHECK (length(factor_code) BETWEEN 1 AND 100),
  presence text NOT NULL CHECK (presence IN ('absent', 'partial', 'present', 'omitted')),
  relevance text CHECK (relevance IN ('low', 'moderate', 'high')),
  evidence text CHECK (length(evidence) <= 5000),
  PRIMARY KEY (formulation_id, factor_code)
);

-- Scenarios: what could happen, its triggers, and the early warning signs.
CREATE TABLE formulation_scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  formulation_id uuid NOT NULL REFERENCES formulations (id),
  position smallint NOT NULL CHECK (position >= 1),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  triggers text CHECK (length(triggers) <= 5000),
  warning_signs text CHECK (length(warning_signs) <= 5000),
  UNIQUE (formulation_id, position)
);

-- A signed-off version is a record of what was judged and by whom: it never changes.
CREATE FUNCTION formulation_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'signed_off' THEN
    RAISE EXCEPTION 'formulation % is signed off and cannot change', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER formulations_frozen BEFORE UPDATE OR DELETE ON formulations
  FOR EACH ROW EXECUTE FUNCTION formulation_frozen();

CREATE FUNCTION formulation_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN parent := OLD.formulation_id; ELSE parent := NEW.formulation_id; END IF;
  IF EXISTS (SELECT 1 FROM formulations WHERE id = parent AND status = 'signed_off') THEN
    RAISE EXCEPTION 'formulation % is signed off and cannot change', parent USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.formulation_id <> NEW.formulation_id
     AND EXISTS (SELECT 1 FROM formulations WHERE id = OLD.formulation_id AND status = 'signed_off') THEN
    RAISE EXCEPTION 'formulation % is signed off and cannot change', OLD.formulation_id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER formulation_factors_frozen BEFORE INSERT OR UPDATE OR DELETE ON formulation_factors
  FOR EACH ROW EXECUTE FUNCTION formulation_part_frozen();
CREATE TRIGGER formulation_scenarios_frozen BEFORE INSERT OR UPDATE OR DELETE ON formulation_scenarios
  FOR EACH ROW EXECUTE FUNCTION formulation_part_frozen();
