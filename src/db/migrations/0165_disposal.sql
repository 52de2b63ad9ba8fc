-- Records retention, part 2 (issue 15, docs/records.md): disposal at the end of retention.
--
-- An IG officer proposes to dispose of a clock's records of a case (health or police) when its
-- review is due; a second IG officer approves it with a fresh security code. On approval the
-- content of that clock's records of the case is erased in one transaction (the rules are in
-- src/domain/disposal.ts) and this row becomes the tombstone: what remains is the reference,
-- hub, dates, outcome code, which class was disposed of, when, by whom and on whose approval.
CREATE TABLE retention_disposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  clock text NOT NULL CHECK (clock IN ('health', 'police')),
  status text NOT NULL CHECK (status IN ('proposed', 'disposed', 'withdrawn')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  proposed_by uuid NOT NULL REFERENCES users (id),
  proposed_at timestamptz NOT NULL,
  approved_by uuid REFERENCES users (id),
  approver_step_up_at timestamptz,
  disposed_at timestamptz,
  -- The tombstone, copied when the records are disposed of (codes and dates only).
  reference text,
  hub_id uuid REFERENCES hubs (id),
  requested_on date,
  closed_on date,
  outcome text,
  CHECK (approved_by IS NULL OR approved_by <> proposed_by),
  CHECK ((status = 'disposed') = (approved_by IS NOT NULL AND disposed_at IS NOT NULL
    AND approver_step_up_at IS NOT NULL AND reference IS NOT NULL AND hub_id IS NOT NULL))
);
CREATE INDEX retention_disposals_case ON retention_disposals (case_id, clock, status);
-- At most one open proposal per clock of a case, and a clock is disposed of once.
CREATE UNIQUE INDEX retention_disposals_one_open ON retention_disposals (case_id, clock)
  WHERE status IN ('proposed', 'disposed');

-- The triggers that freeze signed-off, superseded or released records (and stored document
-- bytes) refuse every change. Disposal is the one change the law requires of them: they stand
-- aside inside a transaction that has set cicero.disposal (SET LOCAL, so only that
-- transaction), which only the disposal service does. The triggers are re-created with the
-- same events and functions and a WHEN condition; nothing else about them changes.
CREATE FUNCTION cicero_disposing() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('cicero.disposal', true), '') = 'on'
$$;

DROP TRIGGER formulations_frozen ON formulations;
CREATE TRIGGER formulations_frozen BEFORE UPDATE OR DELETE ON formulations
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION formulation_frozen();
DROP TRIGGER formulation_factors_frozen ON formulation_factors;
CREATE TRIGGER formulation_factors_frozen BEFORE INSERT OR UPDATE OR DELETE ON formulation_factors
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION formulation_part_frozen();
DROP TRIGGER formulation_scenarios_frozen ON formulation_scenarios;
CREATE TRIGGER formulation_scenarios_frozen BEFORE INSERT OR UPDATE OR DELETE ON formulation_scenarios
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION formulation_part_frozen();
DROP TRIGGER plans_frozen ON plans;
CREATE TRIGGER plans_frozen BEFORE UPDATE OR DELETE ON plans
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION plan_version_frozen();
DROP TRIGGER plan_needs_frozen ON plan_needs;
CREATE TRIGGER plan_needs_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_needs
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION plan_part_frozen();
DROP TRIGGER plan_actions_frozen ON plan_actions;
CREATE TRIGGER plan_actions_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_actions
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION plan_part_frozen();
DROP TRIGGER plan_reviews_append_only ON plan_reviews;
CREATE TRIGGER plan_reviews_append_only BEFORE UPDATE OR DELETE ON plan_reviews
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION plan_review_append_only();
DROP TRIGGER released_items_frozen ON released_items;
CREATE TRIGGER released_items_frozen BEFORE UPDATE OR DELETE ON released_items
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION released_item_frozen();
DROP TRIGGER case_note_versions_frozen ON case_note_versions;
CREATE TRIGGER case_note_versions_frozen BEFORE UPDATE OR DELETE ON case_note_versions
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION case_note_version_frozen();
DROP TRIGGER document_contents_frozen ON document_contents;
CREATE TRIGGER document_contents_frozen BEFORE UPDATE OR DELETE ON document_contents
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION document_content_frozen();
DROP TRIGGER document_content_chunks_frozen ON document_content_chunks;
CREATE TRIGGER document_content_chunks_frozen BEFORE UPDATE OR DELETE ON document_content_chunks
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION document_content_frozen();
DROP TRIGGER health_documents_keep_content ON health_documents;
CREATE TRIGGER health_documents_keep_content BEFORE UPDATE OR DELETE ON health_documents
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION document_keeps_content();
DROP TRIGGER police_documents_keep_content ON police_documents;
CREATE TRIGGER police_documents_keep_content BEFORE UPDATE OR DELETE ON police_documents
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION document_keeps_content();
DROP TRIGGER disclosure_external_recipients_frozen ON disclosure_external_recipients;
CREATE TRIGGER disclosure_external_recipients_frozen
  BEFORE UPDATE OR DELETE ON disclosure_external_recipients
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION disclosure_external_letter_frozen();
DROP TRIGGER contacts_consent ON contacts;
CREATE TRIGGER contacts_consent BEFORE INSERT OR UPDATE ON contacts
  FOR EACH ROW WHEN (NOT cicero_disposing()) EXECUTE FUNCTION contact_consent_in_force();
