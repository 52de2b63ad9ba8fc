-- Disclosure decisions (PRODUCT.md step 10; GOVERNANCE.md Caldicott and GMC): what crossed
-- between health and police, to whom, on what basis, decided and approved by whom.
--
-- A decision is drafted, then submitted. With consent (or from police to health) it takes
-- effect at once; health to police without consent waits for the hub lead's approval (two
-- different people, each with a fresh second factor). On effect the frozen items are copied
-- into released_items (shared compartment), which named recipients read. Withdrawal keeps
-- the record and hides the text.

CREATE TABLE disclosures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  hub_id uuid NOT NULL REFERENCES hubs (id),
  direction text NOT NULL CHECK (direction IN ('health_to_police', 'police_to_health')),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'awaiting_approval', 'in_effect', 'refused', 'withdrawn')),
  -- A summary written for this disclosure (released as one item), optional.
  summary text CHECK (length(summary) BETWEEN 1 AND 5000),
  purpose text CHECK (length(purpose) BETWEEN 1 AND 2000),
  legal_basis text CHECK (length(legal_basis) BETWEEN 1 AND 60),
  necessity text CHECK (length(necessity) BETWEEN 1 AND 5000),
  consent text CHECK (consent IN ('given', 'refused', 'not_sought')),
  -- How consent was sought (given/refused) or why it was not sought.
  consent_note text CHECK (length(consent_note) BETWEEN 1 AND 2000),
  person_told text CHECK (person_told IN ('yes', 'no')),
  person_told_note text CHECK (length(person_told_note) BETWEEN 1 AND 2000),
  needs_approval boolean,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  -- When the decider last confirmed their second factor before submitting (step-up).
  decider_step_up_at timestamptz,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  approver_step_up_at timestamptz,
  refused_by uuid REFERENCES users (id),
  refused_at timestamptz,
  refusal_reason text CHECK (length(refusal_reason) BETWEEN 1 AND 2000),
  effective_at timestamptz,
  withdrawn_by uuid REFERENCES users (id),
  withdrawn_at timestamptz,
  withdrawal_reason text CHECK (length(withdrawal_reason) BETWEEN 1 AND 2000),
  version integer NOT NULL DEFAULT 1,
  -- Submitted decisions carry every answer.
  CHECK (status = 'draft' OR (
    purpose IS NOT NULL AND legal_basis IS NOT NULL AND necessity IS NOT NULL
    AND consent IS NOT NULL AND consent_note IS NOT NULL AND person_told IS NOT NULL
    AND (person_told = 'yes' OR person_told_note IS NOT NULL)
    AND decided_by IS NOT NULL AND decided_at IS NOT NULL AND needs_approval IS NOT NULL)),
  -- Never approved by the person who decided (GOVERNANCE.md: two different people).
  CHECK (approved_by IS NULL OR approved_by <> decided_by),
  CHECK (refused_by IS NULL OR refused_by <> decided_by),
  CHECK (approved_by IS NULL OR (approved_at IS NOT NULL AND approver_step_up_at IS NOT NULL)),
  CHECK (NOT coalesce(needs_approval, false) OR status IN ('awaiting_approval', 'refused') OR approved_by IS NOT NULL),
  CHECK (coalesce(needs_approval, false) = false OR decider_step_up_at IS NOT NULL),
  CHECK ((status = 'refused') = (refused_by IS NOT NULL AND refused_at IS NOT NULL AND refusal_reason IS NOT NULL)),
  CHECK ((status IN ('in_effect', 'withdrawn')) = (effective_at IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_by IS NOT NULL AND withdrawn_at IS NOT NULL AND withdrawal_reason IS NOT NULL))
);
CREATE INDEX disclosures_case ON disclosures (case_id, created_at);
CREATE INDEX disclosures_register ON disclosures (hub_id, decided_at) WHERE status <> 'draft';

-- Who it is addressed to, by name (need to know). 'other' recipients carry the reason;
-- 'hub_clinical_team' (police to health) names no single user.
CREATE TABLE disclosure_recipients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disclosure_id uuid NOT NULL REFERENCES disclosures (id),
  kind text NOT NULL CHECK (kind IN ('case_officer', 'police_lead', 'other', 'hub_clinical_team')),
  user_id uuid REFERENCES users (id),
  reason text CHECK (length(reason) BETWEEN 1 AND 1000),
  CHECK ((kind = 'hub_clinical_team') = (user_id IS NULL)),
  CHECK (kind <> 'other' OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX disclosure_recipients_user ON disclosure_recipients (disclosure_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX disclosure_recipients_by_user ON disclosure_recipients (user_id);

-- The items chosen, frozen when chosen: label, text and provenance (source table, record id,
-- record version). What the approver sees is exactly what will be released.
CREATE TABLE disclosure_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disclosure_id uuid NOT NULL REFERENCES disclosures (id),
  position smallint NOT NULL CHECK (position >= 1),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 60),
  source_table text NOT NULL CHECK (length(source_table) BETWEEN 1 AND 60),
  source_record_id uuid,
  source_record_version integer,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  UNIQUE (disclosure_id, position)
);

-- Shared compartment: the copy of exactly what was released, with its provenance (the record
-- and version it came from; the decision's direction, basis, decider and approver), written when
-- the decision takes effect. Recipients' reads use this table and disclosure_recipients only,
-- never the health tables above. It never changes, except that a withdrawal stamps
-- withdrawn_at once (the trigger below); recipients then see only that, and when.
CREATE TABLE released_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disclosure_id uuid NOT NULL REFERENCES disclosures (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  position smallint NOT NULL CHECK (position >= 1),
  direction text NOT NULL CHECK (direction IN ('health_to_police', 'police_to_health')),
  legal_basis text NOT NULL,
  decided_by uuid NOT NULL REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  source text NOT NULL,
  source_table text NOT NULL,
  source_record_id uuid,
  source_record_version integer,
  label text NOT NULL,
  body text NOT NULL,
  released_at timestamptz NOT NULL,
  withdrawn_at timestamptz,
  UNIQUE (disclosure_id, position)
);
CREATE INDEX released_items_case ON released_items (case_id, released_at);
CREATE INDEX released_items_disclosure ON released_items (disclosure_id);

CREATE FUNCTION released_item_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL
     AND (to_jsonb(NEW) - 'withdrawn_at') = (to_jsonb(OLD) - 'withdrawn_at') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'released item % is a frozen copy and cannot change', OLD.id USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER released_items_frozen BEFORE UPDATE OR DELETE ON released_items
  FOR EACH ROW EXECUTE FUNCTION released_item_frozen();
