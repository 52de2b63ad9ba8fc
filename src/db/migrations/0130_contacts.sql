-- Contacts and appointments (issue 13), health compartment. One row is one contact: with the
-- person, with their family or carers, or with a professional; planned as an appointment and
-- then given its outcome, or recorded directly as attended after the fact.
--
-- The notifications job finds tomorrow's appointments by status = 'planned' and starts_at:
-- keep those two names.
CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('person', 'family_carer', 'professional')),
  method text NOT NULL CHECK (method IN ('face_to_face', 'phone', 'video', 'home_visit', 'letter')),
  status text NOT NULL CHECK (status IN ('planned', 'attended', 'did_not_attend', 'cancelled', 'rescheduled')),
  -- The appointment's time, or the time of a contact recorded after the fact.
  starts_at timestamptz NOT NULL,
  place text CHECK (length(place) BETWEEN 1 AND 200),
  -- Who the contact was with: for family or carers their relation, for a professional which
  -- one (for example "GP, Ladywood Health Centre"). For the person it may stay empty.
  with_whom text CHECK (length(with_whom) BETWEEN 1 AND 200),
  -- The clinician who holds the appointment (My week lists it to them).
  clinician_id uuid NOT NULL REFERENCES users (id),
  duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 1440),
  summary text CHECK (length(summary) BETWEEN 1 AND 5000),
  follow_up text CHECK (length(follow_up) BETWEEN 1 AND 2000),
  cancelled_by text CHECK (cancelled_by IN ('person', 'service', 'other')),
  -- A rescheduled appointment points at the appointment that replaced it.
  rescheduled_to uuid REFERENCES contacts (id),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  outcome_by uuid REFERENCES users (id),
  outcome_at timestamptz,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK (kind = 'person' OR with_whom IS NOT NULL),
  CHECK ((status = 'cancelled') = (cancelled_by IS NOT NULL)),
  CHECK ((status = 'rescheduled') = (rescheduled_to IS NOT NULL)),
  CHECK (status <> 'attended' OR summary IS NOT NULL),
  CHECK ((status = 'planned') = (outcome_at IS NULL)),
  CHECK ((outcome_at IS NULL) = (outcome_by IS NULL))
);
CREATE INDEX contacts_case ON contacts (case_id, starts_at);
CREATE INDEX contacts_planned ON contacts (starts_at) WHERE status = 'planned';
CREATE INDEX contacts_clinician ON contacts (clinician_id, starts_at);

-- The date of the case's last attended contact with the person: the retention clock counts
-- from it. Kept by the trigger below, in the transaction that records the contact.
ALTER TABLE cases ADD COLUMN last_person_contact_on date;

-- Rule 3 (PRODUCT.md): no contact with the person without their consent, or a best-interests
-- decision where they lack capacity, in force on the contact's (UK) date. The service refuses
-- first with a message; this is the backstop for every other path that writes. An entry of the
-- consent history is in force from the day it was decided (recorded, for "not yet sought")
-- until a later-dated entry; on the same day the one recorded last wins. Only appointments
-- and attended contacts need it: a cancellation or a did-not-attend never does.
CREATE FUNCTION contact_consent_in_force() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  contact_day date;
  in_force text;
BEGIN
  IF NEW.kind = 'person' AND NEW.status IN ('planned', 'attended') THEN
    contact_day := (NEW.starts_at AT TIME ZONE 'Europe/London')::date;
    SELECT c.status INTO in_force
      FROM consents c
     WHERE c.case_id = NEW.case_id
       AND (coalesce(c.decided_at, c.recorded_at) AT TIME ZONE 'Europe/London')::date <= contact_day
     ORDER BY (coalesce(c.decided_at, c.recorded_at) AT TIME ZONE 'Europe/London')::date DESC,
              c.recorded_at DESC, c.version DESC
     LIMIT 1;
    IF in_force IS NULL OR in_force NOT IN ('given', 'lacks_capacity_best_interests') THEN
      RAISE EXCEPTION 'a contact with the person needs consent in force on %', contact_day
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contacts_consent BEFORE INSERT OR UPDATE ON contacts
  FOR EACH ROW EXECUTE FUNCTION contact_consent_in_force();

CREATE FUNCTION contact_last_person_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases
     SET last_person_contact_on = (
       SELECT max((starts_at AT TIME ZONE 'Europe/London')::date)
         FROM contacts
        WHERE case_id = NEW.case_id AND kind = 'person' AND status = 'attended')
   WHERE id = NEW.case_id
     AND last_person_contact_on IS DISTINCT FROM (
       SELECT max((starts_at AT TIME ZONE 'Europe/London')::date)
         FROM contacts
        WHERE case_id = NEW.case_id AND kind = 'person' AND status = 'attended');
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_last_person_contact AFTER INSERT OR UPDATE ON contacts
  FOR EACH ROW WHEN (NEW.kind = 'person') EXECUTE FUNCTION contact_last_person_contact();
