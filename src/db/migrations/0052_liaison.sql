-- Liaison with other services (PRODUCT.md step 7), health compartment, and the kind of advice
-- given to the case officer (shared compartment).

-- One contact with another service. The purposes have no "investigation": the VSS makes no
-- enquiries for investigative purposes (PRODUCT.md rule 4); the service refuses it first and
-- this CHECK is the backstop. A contact on the person's behalf needs their consent in force
-- (checked by the service in the same transaction); then consent must cover it.
CREATE TABLE liaison_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  contact_date date NOT NULL,
  agency_type text NOT NULL CHECK (agency_type IN ('gp_primary_care', 'community_mental_health', 'crisis_team', 'talking_therapies', 'substance_misuse', 'housing', 'local_authority', 'probation', 'education', 'mappa', 'channel_panel', 'other')),
  organisation text NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
  direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
  purpose text NOT NULL CHECK (purpose IN ('safeguarding', 'care_coordination', 'clinical_information', 'advice')),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
  on_behalf boolean NOT NULL,
  consent_covers boolean NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK (NOT on_behalf OR consent_covers)
);
CREATE INDEX liaison_contacts_case ON liaison_contacts (case_id, contact_date, recorded_at);

-- Advice to the case officer is either advice or a communication strategy: how to
-- communicate with the person. For a strategy, `body` holds the approach, `avoid` what to
-- avoid and `involve` who to involve (optional).
ALTER TABLE advice ADD COLUMN kind text NOT NULL DEFAULT 'advice' CHECK (kind IN ('advice', 'communication_strategy'));
ALTER TABLE advice ADD COLUMN avoid text CHECK (length(avoid) BETWEEN 1 AND 5000);
ALTER TABLE advice ADD COLUMN involve text CHECK (length(involve) BETWEEN 1 AND 2000);
ALTER TABLE advice ADD CONSTRAINT advice_strategy_fields CHECK (
  (kind = 'communication_strategy' AND avoid IS NOT NULL) OR (kind = 'advice' AND avoid IS NULL AND involve IS NULL)
);
