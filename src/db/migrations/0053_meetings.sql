-- Multi-agency meetings (PRODUCT.md step 9), health compartment: the meeting, who attended,
-- and the actions agreed there. MAPPA category and level are recorded for MAPPA meetings only.

CREATE TABLE meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  meeting_type text NOT NULL CHECK (meeting_type IN ('channel_panel', 'mappa', 'professionals', 'strategy')),
  held_on date NOT NULL,
  mappa_category smallint CHECK (mappa_category BETWEEN 1 AND 4),
  mappa_level smallint CHECK (mappa_level BETWEEN 1 AND 3),
  vss_contribution text NOT NULL CHECK (length(vss_contribution) BETWEEN 1 AND 5000),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz,
  -- Moves on with every change to the meeting, its attendees or its actions.
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK ((meeting_type = 'mappa') = (mappa_category IS NOT NULL)),
  CHECK ((meeting_type = 'mappa') = (mappa_level IS NOT NULL))
);
CREATE INDEX meetings_case ON meetings (case_id, held_on, recorded_at);

CREATE TABLE meeting_attendees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  agency text NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id, added_at);

-- `plan_action_id` is the intervention plan action an agreed action became (set once, by
-- "Add to plan"). No foreign key here: plan_actions belongs to the plans capability.
CREATE TABLE meeting_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  plan_action_id uuid UNIQUE,
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL
);
CREATE INDEX meeting_actions_meeting ON meeting_actions (meeting_id, added_at);
