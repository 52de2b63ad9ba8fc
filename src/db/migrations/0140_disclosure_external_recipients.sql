-- External recipients of a disclosure decision (issue 13, docs/printing-and-letters.md): a
-- decision may share health information for the person's direct care with a service outside
-- Cicero (a GP, a community mental health team). Its direction is 'health_to_external'; the
-- released items go out as a letter (PDF) made from the frozen copies when it takes effect.

ALTER TABLE disclosures DROP CONSTRAINT disclosures_direction_check;
ALTER TABLE disclosures ADD CONSTRAINT disclosures_direction_check
  CHECK (direction IN ('health_to_police', 'police_to_health', 'health_to_external'));
ALTER TABLE released_items DROP CONSTRAINT released_items_direction_check;
ALTER TABLE released_items ADD CONSTRAINT released_items_direction_check
  CHECK (direction IN ('health_to_police', 'police_to_health', 'health_to_external'));

-- Health compartment: who outside Cicero the decision names and how it is sent. One per
-- decision. letter_content_id is the letter's stored PDF, set once when the decision takes
-- effect (a trigger refuses any other change after that).
CREATE TABLE disclosure_external_recipients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disclosure_id uuid NOT NULL UNIQUE REFERENCES disclosures (id),
  organisation text NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
  team text CHECK (length(team) BETWEEN 1 AND 200),
  person text CHECK (length(person) BETWEEN 1 AND 200),
  method text NOT NULL CHECK (method IN ('post', 'secure_email', 'hand_delivered')),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 1000),
  letter_content_id uuid REFERENCES document_contents (id),
  letter_made_at timestamptz,
  CHECK (team IS NOT NULL OR person IS NOT NULL),
  CHECK ((letter_content_id IS NULL) = (letter_made_at IS NULL))
);

CREATE FUNCTION disclosure_external_letter_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.letter_content_id IS NOT NULL THEN
    RAISE EXCEPTION 'the recipient of a released disclosure cannot change' USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER disclosure_external_recipients_frozen
  BEFORE UPDATE OR DELETE ON disclosure_external_recipients
  FOR EACH ROW EXECUTE FUNCTION disclosure_external_letter_frozen();
