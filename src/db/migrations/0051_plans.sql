-- Intervention plans (health compartment; PRODUCT.md step 6). One row of `plans` per version
-- of a case's plan: the current version (superseded_at IS NULL) is worked on; a plan review
-- supersedes it and starts the next version with a copy of its needs and actions. A
-- superseded version is frozen (the triggers below refuse any change to it or its parts), so
-- earlier versions read exactly as they stood at their review.
--
-- Kept flat for reporting: every action carries its plan version, need, service type and
-- status as plain codes. Count an action once by taking the current version
-- (plans.superseded_at IS NULL) or by lineage_id across versions.

CREATE TABLE plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  version_number integer NOT NULL CHECK (version_number >= 1),
  -- The version this one followed at a review (NULL for the first).
  previous_id uuid REFERENCES plans (id),
  -- When this version is to be reviewed.
  review_date date NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  superseded_at timestamptz,
  UNIQUE (case_id, version_number),
  CHECK ((version_number = 1) = (previous_id IS NULL))
);
-- One current version per case.
CREATE UNIQUE INDEX plans_one_current ON plans (case_id) WHERE superseded_at IS NULL;
CREATE INDEX plans_review_due ON plans (review_date) WHERE superseded_at IS NULL;

CREATE TABLE plan_needs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id),
  -- The same need in every version of the plan.
  lineage_id uuid NOT NULL,
  position smallint NOT NULL CHECK (position >= 1),
  category text NOT NULL CHECK (category IN (
    'access_to_services', 'protective_factors', 'mental_health_safeguarding', 'officer_advice')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  UNIQUE (plan_id, position),
  UNIQUE (plan_id, lineage_id),
  UNIQUE (id, plan_id)
);

CREATE TABLE plan_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id),
  need_id uuid NOT NULL,
  -- The same action in every version of the plan.
  lineage_id uuid NOT NULL,
  position smallint NOT NULL CHECK (position >= 1),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  service_type text NOT NULL CHECK (service_type IN (
    'mental_health', 'crisis_care', 'housing', 'substance_misuse', 'offending_behaviour',
    'education', 'employment', 'social_support', 'other')),
  agency text NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
  owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN (
    'planned', 'in_progress', 'done', 'not_achieved')),
  not_achieved_reason text CHECK (length(not_achieved_reason) BETWEEN 1 AND 2000),
  -- Where the action was agreed: in the plan itself, or at a multi-agency meeting.
  source text NOT NULL DEFAULT 'plan' CHECK (source IN ('plan', 'meeting')),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_by uuid NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  -- The need belongs to the same version as the action.
  FOREIGN KEY (need_id, plan_id) REFERENCES plan_needs (id, plan_id),
  UNIQUE (need_id, position),
  UNIQUE (plan_id, lineage_id),
  -- "Not achieved" always says why; no other status carries a reason.
  CHECK ((status = 'not_achieved') = (not_achieved_reason IS NOT NULL))
);
CREATE INDEX plan_actions_plan ON plan_actions (plan_id);
CREATE INDEX plan_actions_open_due ON plan_actions (due_date)
  WHERE status IN ('planned', 'in_progress');

-- A plan review: what progressed and what changed; it supersedes `plan_id` with
-- `next_plan_id`, whose review_date is the next review.
CREATE TABLE plan_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL UNIQUE REFERENCES plans (id),
  next_plan_id uuid NOT NULL UNIQUE REFERENCES plans (id),
  progress text NOT NULL CHECK (length(progress) BETWEEN 1 AND 5000),
  changes text NOT NULL CHECK (length(changes) BETWEEN 1 AND 5000),
  reviewed_by uuid NOT NULL REFERENCES users (id),
  reviewed_at timestamptz NOT NULL,
  CHECK (plan_id <> next_plan_id)
);

-- A superseded version is the record of the plan as it stood at its review: it never changes.
CREATE FUNCTION plan_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.superseded_at IS NOT NULL THEN
    RAISE EXCEPTION 'plan version % is superseded and cannot change', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plans_frozen BEFORE UPDATE OR DELETE ON plans
  FOR EACH ROW EXECUTE FUNCTION plan_version_frozen();

CREATE FUNCTION plan_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE')
     AND EXISTS (SELECT 1 FROM plans WHERE id = OLD.plan_id AND superseded_at IS NOT NULL) THEN
    RAISE EXCEPTION 'plan version % is superseded and cannot change', OLD.plan_id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE')
     AND EXISTS (SELECT 1 FROM plans WHERE id = NEW.plan_id AND superseded_at IS NOT NULL) THEN
    RAISE EXCEPTION 'plan version % is superseded and cannot change', NEW.plan_id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_needs_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_needs
  FOR EACH ROW EXECUTE FUNCTION plan_part_frozen();
CREATE TRIGGER plan_actions_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_actions
  FOR EACH ROW EXECUTE FUNCTION plan_part_frozen();

-- Reviews are history: written once.
CREATE FUNCTION plan_review_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'plan reviews cannot be changed or deleted' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER plan_reviews_append_only BEFORE UPDATE OR DELETE ON plan_reviews
  FOR EACH ROW EXECUTE FUNCTION plan_review_append_only();
